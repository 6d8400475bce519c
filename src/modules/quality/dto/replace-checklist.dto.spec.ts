import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import {
  MinSentimentRuleDto,
  PhrasePresentRuleDto,
  ReplaceChecklistDto,
  toChecklistItems,
} from './replace-checklist.dto.js';

/** Flattens class-validator's error tree into `path: constraint names`, the way a 400 names fields. */
function errorPaths(errors: ValidationError[], prefix = ''): Record<string, string[]> {
  return Object.assign(
    {},
    ...errors.map((error) => {
      const path = `${prefix}${error.property}`;
      return {
        ...(error.constraints ? { [path]: Object.keys(error.constraints).sort() } : {}),
        ...errorPaths(error.children ?? [], `${path}.`),
      };
    }),
  ) as Record<string, string[]>;
}

async function validateBody(body: unknown) {
  const dto = plainToInstance(ReplaceChecklistDto, body);
  return { dto, paths: errorPaths(await validate(dto)) };
}

function phraseItem(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    name: `Item ${id}`,
    weight: 10,
    rule: { type: 'phrase_present', phrases: ['next step'] },
    ...overrides,
  };
}

describe(ReplaceChecklistDto.name, () => {
  it('accepts every rule type and builds the matching rule class', async () => {
    const { dto, paths } = await validateBody({
      name: 'Lending',
      items: [
        phraseItem('intro', {
          description: 'Says who they are',
          rule: {
            type: 'phrase_present',
            phrases: ['my name is *'],
            speaker: 'agent',
            within_first_seconds: 30,
          },
        }),
        phraseItem('promise', {
          auto_fail: true,
          rule: { type: 'phrase_absent', phrases: ['guarantee approval'] },
        }),
        phraseItem('questions', { rule: { type: 'min_questions', count: 3, speaker: 'agent' } }),
        phraseItem('ratio', { weight: 2.5, rule: { type: 'max_talk_ratio', max: 0.65 } }),
        phraseItem('monologue', { rule: { type: 'max_monologue_seconds', max: 90 } }),
        phraseItem('sentiment', {
          rule: { type: 'min_sentiment', min: -0.2, speaker: 'customer' },
        }),
      ],
    });

    expect(paths).toEqual({});
    expect(dto.items[0]?.rule).toBeInstanceOf(PhrasePresentRuleDto);
    expect(dto.items[5]?.rule).toBeInstanceOf(MinSentimentRuleDto);
  });

  it.each([
    [
      'an unknown rule type',
      phraseItem('a', { rule: { type: 'phrase_maybe', phrases: ['x'] } }),
      'items.0.rule.type',
      ['isIn'],
    ],
    [
      'a missing rule',
      phraseItem('a', { rule: undefined }),
      'items.0.rule',
      ['isDefined', 'isObject'],
    ],
    ['a rule that is an array', phraseItem('a', { rule: [] }), 'items.0.rule', ['isObject']],
    [
      'an empty phrase list',
      phraseItem('a', { rule: { type: 'phrase_absent', phrases: [] } }),
      'items.0.rule.phrases',
      ['arrayNotEmpty'],
    ],
    [
      'a wildcard-only phrase',
      phraseItem('a', { rule: { type: 'phrase_present', phrases: ['ok', '* *'] } }),
      'items.0.rule.phrases',
      ['isMatchablePhrase'],
    ],
    ['a zero weight', phraseItem('a', { weight: 0 }), 'items.0.weight', ['isPositive']],
    ['a negative weight', phraseItem('a', { weight: -5 }), 'items.0.weight', ['isPositive']],
    [
      'a weight that is a string',
      phraseItem('a', { weight: '10' }),
      'items.0.weight',
      ['isNumber', 'isPositive', 'max'],
    ],
    ['an id that is not a slug', phraseItem('Intro Item'), 'items.0.id', ['matches']],
    [
      'an unknown speaker',
      phraseItem('a', { rule: { type: 'min_questions', count: 3, speaker: 'manager' } }),
      'items.0.rule.speaker',
      ['isIn'],
    ],
    [
      'a fractional question count',
      phraseItem('a', { rule: { type: 'min_questions', count: 2.5, speaker: 'agent' } }),
      'items.0.rule.count',
      ['isInt'],
    ],
    [
      'a talk ratio above 1',
      phraseItem('a', { rule: { type: 'max_talk_ratio', max: 65 } }),
      'items.0.rule.max',
      ['max'],
    ],
    [
      'a sentiment below -1',
      phraseItem('a', { rule: { type: 'min_sentiment', min: -2, speaker: 'any' } }),
      'items.0.rule.min',
      ['min'],
    ],
    [
      'a zero time window',
      phraseItem('a', {
        rule: { type: 'phrase_present', phrases: ['hi'], within_first_seconds: 0 },
      }),
      'items.0.rule.within_first_seconds',
      ['isPositive'],
    ],
    [
      'a non-boolean auto_fail',
      phraseItem('a', { auto_fail: 'yes' }),
      'items.0.auto_fail',
      ['isBoolean'],
    ],
  ])('rejects %s at its path', async (_label, badItem, path, constraints) => {
    const { paths } = await validateBody({ items: [badItem] });

    expect(paths).toEqual({ [path]: constraints });
  });

  it('reports only the type of an unknown rule when unknown fields are forbidden', async () => {
    const dto = plainToInstance(ReplaceChecklistDto, {
      items: [phraseItem('a', { rule: { type: 'phrase_maybe', phrases: ['x'], max: 1 } })],
    });

    const paths = errorPaths(await validate(dto, { whitelist: true, forbidNonWhitelisted: true }));

    expect(paths).toEqual({ 'items.0.rule.type': ['isIn'] });
  });

  it('names the index of the bad item among good ones', async () => {
    const { paths } = await validateBody({
      items: [phraseItem('a'), phraseItem('b'), phraseItem('c', { weight: 0 })],
    });

    expect(paths).toEqual({ 'items.2.weight': ['isPositive'] });
  });

  it('reports a duplicate id at the later item, naming the first', async () => {
    const body = { items: [phraseItem('intro'), phraseItem('other'), phraseItem('intro')] };
    const dto = plainToInstance(ReplaceChecklistDto, body);
    const errors = await validate(dto);

    expect(errorPaths(errors)).toEqual({ 'items.2.id': ['isUniqueItemId'] });
    expect(errors[0]?.children?.[0]?.children?.[0]?.constraints).toEqual({
      isUniqueItemId: 'id "intro" is already used by items.0',
    });
  });

  it.each([
    ['no items', { items: [] }, { items: ['arrayMinSize'] }],
    [
      '51 items',
      { items: Array.from({ length: 51 }, (_, index) => phraseItem(`item-${index}`)) },
      { items: ['arrayMaxSize'] },
    ],
    [
      'items that are not an array',
      { items: 'all of them' },
      { items: ['arrayMaxSize', 'arrayMinSize', 'isArray', 'nestedValidation'] },
    ],
    [
      'an item that is not an object',
      { items: [phraseItem('a'), null] },
      { 'items.1': ['nestedValidation'] },
    ],
    ['an empty name', { name: '', items: [phraseItem('a')] }, { name: ['isNotEmpty'] }],
  ])('rejects %s', async (_label, body, expected) => {
    const { paths } = await validateBody(body);

    expect(paths).toEqual(expected);
  });
});

describe(toChecklistItems.name, () => {
  it('fills in defaults and drops properties the rule type does not have', async () => {
    const { dto, paths } = await validateBody({
      items: [
        phraseItem('next', { rule: { type: 'phrase_present', phrases: ['next step'], count: 3 } }),
        phraseItem('ratio', {
          description: 'Listen more',
          auto_fail: true,
          rule: { type: 'max_talk_ratio', max: 0.6, speaker: 'agent' },
        }),
      ],
    });

    const sut = toChecklistItems(dto.items);

    expect(paths).toEqual({});
    expect(sut).toEqual([
      {
        id: 'next',
        name: 'Item next',
        description: '',
        weight: 10,
        auto_fail: false,
        rule: { type: 'phrase_present', phrases: ['next step'], speaker: 'any' },
      },
      {
        id: 'ratio',
        name: 'Item ratio',
        description: 'Listen more',
        weight: 10,
        auto_fail: true,
        rule: { type: 'max_talk_ratio', max: 0.6 },
      },
    ]);
  });
});
