import { compilePhrase, findPhraseMatches, isMatchablePhrase } from './phrase-matcher.js';

function matchesOf(text: string, ...phrases: string[]) {
  return findPhraseMatches(text, phrases.map(compilePhrase));
}

describe(findPhraseMatches.name, () => {
  it('ignores case and punctuation', () => {
    const sut = matchesOf('THIS call... is -- recorded!', 'this call is recorded');

    expect(sut).toEqual([
      {
        phrase: 'this call is recorded',
        matched: 'THIS call... is -- recorded',
        position: 0,
        negated: false,
      },
    ]);
  });

  it('matches whole words only', () => {
    expect(matchesOf('We recorded it', 'record')).toEqual([]);
    expect(matchesOf('Please record it', 'record')).toHaveLength(1);
  });

  it('treats apostrophes, accents, % and & as the same words in phrase and text', () => {
    expect(matchesOf('I’ll send it', "i'll send")).toHaveLength(1);
    expect(matchesOf('Ill send it', "i'll send")).toHaveLength(1);
    expect(matchesOf('Café latte', 'cafe')).toHaveLength(1);
    expect(matchesOf("You're 100 percent approved", '100% approved')).toHaveLength(1);
    expect(matchesOf('Smith & Sons', 'smith and sons')).toHaveLength(1);
  });

  it('does not read "100%" as the bare number', () => {
    expect(matchesOf('We had 100 approved last month', '100% approved')).toEqual([]);
  });

  it('lets a lone * stand for exactly one word', () => {
    expect(matchesOf('My name is Sarah.', 'my name is *')).toEqual([
      expect.objectContaining({ matched: 'My name is Sarah' }),
    ]);
    expect(matchesOf('My name is', 'my name is *')).toEqual([]);
    expect(matchesOf('This is Sarah Lee from Acme', 'this is * from')).toEqual([]);
    expect(matchesOf('This is Sarah Lee from Acme', 'this is * * from')).toHaveLength(1);
  });

  it('reports where the match starts as a fraction of the words', () => {
    // "so as I said this call is recorded": "this" is word 4 of 8 (0-based), 4 / 8 = 0.5
    const [sut] = matchesOf('So, as I said, this call is recorded', 'this call is recorded');

    expect(sut?.position).toBe(0.5);
  });

  it.each([
    ["We can't guarantee approval", 'cant'],
    ['We cannot guarantee approval', 'cannot'],
    ['I would never guarantee approval', 'never'],
    ['We do not guarantee approval', 'not'],
    ["Nobody can, and I won't ever guarantee approval", 'wont'],
    ["We don't record this call", 'dont'],
    ['There is no way to guarantee approval', 'no (3 words before)'],
  ])('flags "%s" as negated (%s)', (text) => {
    const [sut] = matchesOf(text, 'guarantee approval', 'record this call');

    expect(sut?.negated).toBe(true);
  });

  it('does not negate past the 3-word window', () => {
    // "not" is 4 words before "guarantee": not(0) sure(1) but(2) we(3) guarantee(4)
    const [sut] = matchesOf("I'm not sure but we guarantee approval", 'guarantee approval');

    expect(sut?.negated).toBe(false);
  });

  it('does not negate across a clause boundary', () => {
    const [sut] = matchesOf('No problem, we guarantee approval', 'guarantee approval');

    expect(sut?.negated).toBe(false);
  });

  it('finds every occurrence of every phrase in text order', () => {
    const sut = matchesOf('Next step: schedule the next step', 'next step', 'schedule');

    expect(sut.map((match) => match.matched)).toEqual(['Next step', 'schedule', 'next step']);
  });

  it('never matches a phrase without literal words', () => {
    expect(matchesOf('anything at all', '*', '!!!')).toEqual([]);
  });
});

describe(isMatchablePhrase.name, () => {
  it.each([
    ['my name is *', true],
    ['100%', true],
    ['* *', false],
    ['?!', false],
    ['', false],
  ])('"%s" → %s', (phrase, expected) => {
    expect(isMatchablePhrase(phrase)).toBe(expected);
  });
});
