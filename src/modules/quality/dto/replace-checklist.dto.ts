import { Transform, Type, type TransformFnParams } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  registerDecorator,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import {
  RULE_TYPES,
  SPEAKER_FILTERS,
  type ChecklistItem,
  type ChecklistRule,
  type SpeakerFilter,
} from '../checklists/checklist.types.js';
import { isMatchablePhrase } from '../scoring/phrase-matcher.js';

const FINITE = { allowNaN: false, allowInfinity: false } as const;
const ITEM_ID_PATTERN = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;

/** The rule's shape depends on `type`; class-transformer picks the subclass below from it. */
export class ChecklistRuleDto {
  @IsIn(RULE_TYPES)
  type!: string;
}

/**
 * What a rule of unknown type is read as. It lets through the properties of every rule type, so
 * that the one error reported is `rule.type` rather than "no such field" for its other properties.
 */
class UnknownRuleDto extends ChecklistRuleDto {
  @Allow() phrases?: unknown;
  @Allow() speaker?: unknown;
  @Allow() within_first_seconds?: unknown;
  @Allow() count?: unknown;
  @Allow() max?: unknown;
  @Allow() min?: unknown;
}

function IsMatchablePhrase(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isMatchablePhrase',
      target: target.constructor,
      propertyName: String(propertyName),
      options: {
        message: '$property must each contain at least one word that is not the wildcard *',
        ...options,
      },
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isMatchablePhrase(value),
      },
    });
}

class PhraseRuleDto extends ChecklistRuleDto {
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  @IsMatchablePhrase({ each: true })
  phrases!: string[];

  @IsOptional()
  @IsIn(SPEAKER_FILTERS)
  speaker?: SpeakerFilter;

  @IsOptional()
  @IsNumber(FINITE)
  @IsPositive()
  within_first_seconds?: number;
}

export class PhrasePresentRuleDto extends PhraseRuleDto {
  declare type: 'phrase_present';
}

export class PhraseAbsentRuleDto extends PhraseRuleDto {
  declare type: 'phrase_absent';
}

export class MinQuestionsRuleDto extends ChecklistRuleDto {
  declare type: 'min_questions';

  @IsInt()
  @Min(1)
  @Max(1000)
  count!: number;

  @IsIn(SPEAKER_FILTERS)
  speaker!: SpeakerFilter;
}

export class MaxTalkRatioRuleDto extends ChecklistRuleDto {
  declare type: 'max_talk_ratio';

  @IsNumber(FINITE)
  @Min(0)
  @Max(1)
  max!: number;
}

export class MaxMonologueSecondsRuleDto extends ChecklistRuleDto {
  declare type: 'max_monologue_seconds';

  @IsNumber(FINITE)
  @IsPositive()
  max!: number;
}

export class MinSentimentRuleDto extends ChecklistRuleDto {
  declare type: 'min_sentiment';

  @IsNumber(FINITE)
  @Min(-1)
  @Max(1)
  min!: number;

  @IsIn(SPEAKER_FILTERS)
  speaker!: SpeakerFilter;
}

export type ChecklistRuleDtoVariant =
  | PhrasePresentRuleDto
  | PhraseAbsentRuleDto
  | MinQuestionsRuleDto
  | MaxTalkRatioRuleDto
  | MaxMonologueSecondsRuleDto
  | MinSentimentRuleDto;

/**
 * class-validator shows a property only its own object, so to report a duplicate id at
 * `items.N.id` each item is linked to the array it arrived in while the body is transformed.
 */
const itemSiblings = new WeakMap<object, readonly unknown[]>();

function linkItemSiblings({ value }: TransformFnParams): unknown {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item instanceof Object) itemSiblings.set(item, value);
    }
  }
  return value;
}

function firstIndexOfId(args: ValidationArguments): number {
  const siblings = itemSiblings.get(args.object) ?? [];
  return siblings.findIndex(
    (sibling) => sibling instanceof ChecklistItemDto && sibling.id === args.value,
  );
}

function IsUniqueItemId(): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isUniqueItemId',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (_value: unknown, args: ValidationArguments) => {
          const siblings = itemSiblings.get(args.object);
          return siblings === undefined || firstIndexOfId(args) === siblings.indexOf(args.object);
        },
        defaultMessage: (args: ValidationArguments) =>
          `$property "${String(args.value)}" is already used by items.${firstIndexOfId(args)}`,
      },
    });
}

export class ChecklistItemDto {
  @IsString()
  @MaxLength(64)
  @Matches(ITEM_ID_PATTERN, {
    message: '$property must be a slug: lower-case letters and digits separated by - or _',
  })
  @IsUniqueItemId()
  id!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  /** Defaults to an empty string. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @IsNumber(FINITE)
  @IsPositive()
  @Max(100)
  weight!: number;

  /** Defaults to false. */
  @IsOptional()
  @IsBoolean()
  auto_fail?: boolean;

  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => UnknownRuleDto, {
    keepDiscriminatorProperty: true,
    discriminator: {
      property: 'type',
      subTypes: [
        { name: 'phrase_present', value: PhrasePresentRuleDto },
        { name: 'phrase_absent', value: PhraseAbsentRuleDto },
        { name: 'min_questions', value: MinQuestionsRuleDto },
        { name: 'max_talk_ratio', value: MaxTalkRatioRuleDto },
        { name: 'max_monologue_seconds', value: MaxMonologueSecondsRuleDto },
        { name: 'min_sentiment', value: MinSentimentRuleDto },
      ],
    },
  })
  rule!: ChecklistRuleDtoVariant;
}

/** Body of `PUT /v1/quality/checklist`: replaces the organization's checklist with a new version. */
export class ReplaceChecklistDto {
  /** Omitted: the new version keeps the current checklist's name. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ChecklistItemDto)
  @Transform(linkItemSiblings)
  items!: ChecklistItemDto[];
}

function toRule(dto: ChecklistRuleDtoVariant): ChecklistRule {
  switch (dto.type) {
    case 'phrase_present':
    case 'phrase_absent':
      return {
        type: dto.type,
        phrases: [...dto.phrases],
        speaker: dto.speaker ?? 'any',
        ...(dto.within_first_seconds === undefined
          ? {}
          : { within_first_seconds: dto.within_first_seconds }),
      };
    case 'min_questions':
      return { type: dto.type, count: dto.count, speaker: dto.speaker };
    case 'max_talk_ratio':
    case 'max_monologue_seconds':
      return { type: dto.type, max: dto.max };
    case 'min_sentiment':
      return { type: dto.type, min: dto.min, speaker: dto.speaker };
  }
}

/** The stored items for a validated body, with defaults filled in and unknown properties dropped. */
export function toChecklistItems(items: readonly ChecklistItemDto[]): ChecklistItem[] {
  return items.map((item) => ({
    id: item.id,
    name: item.name,
    description: item.description ?? '',
    weight: item.weight,
    auto_fail: item.auto_fail ?? false,
    rule: toRule(item.rule),
  }));
}
