import { findNumbers, normaliseForNumbers } from './number-mentions.js';

describe(findNumbers.name, () => {
  const sut = findNumbers;

  it.each([
    [
      'a loan of four hundred twenty thousand dollars',
      'four hundred twenty thousand dollars',
      420_000,
      'USD',
    ],
    ['about 420k on the loan', '420k', 420_000, null],
    ['the price is $420,000.', '$420,000', 420_000, 'USD'],
    ['make that 420 thousand', '420 thousand', 420_000, null],
    ['my score is seven twenty', 'seven twenty', 720, null],
    ['about eighteen fifty a month', 'eighteen fifty', 1_850, null],
    ['it was twenty grand', 'twenty grand', 20_000, 'USD'],
    ['a €500 deposit', '€500', 500, 'EUR'],
    ['maybe 1.2m in total', '1.2m', 1_200_000, null],
  ])('reads "%s" as %s = %d', (sentence, text, value, currency) => {
    const [mention, ...rest] = sut(sentence);

    expect(rest).toEqual([]);
    expect(mention).toMatchObject({ text, value, currency, percent: false });
    expect(sentence.slice(mention!.start, mention!.end)).toBe(text);
  });

  it('reads percentages with their unit', () => {
    expect(sut('the rate is 3.5 percent')).toMatchObject([
      { text: '3.5 percent', value: 3.5, percent: true },
    ]);
    expect(sut('we can put 10% down')).toMatchObject([{ text: '10%', value: 10, percent: true }]);
  });

  it('tells a magnitude and a shorthand apart from a bare figure', () => {
    expect(sut('420 thousand')[0]).toMatchObject({ scaled: true, shorthand: false });
    expect(sut('420k')[0]).toMatchObject({ scaled: true, shorthand: true });
    expect(sut('four fifty')[0]).toMatchObject({ value: 450, scaled: false, shorthand: false });
  });
});

describe(normaliseForNumbers.name, () => {
  it('lets "$1,850/month" be read as a dollar amount per month', () => {
    const text = normaliseForNumbers('I pay $1,850/month');

    expect(text).toBe('I pay $1,850 per month');
    expect(findNumbers(text)).toMatchObject([{ value: 1_850, currency: 'USD' }]);
  });
});
