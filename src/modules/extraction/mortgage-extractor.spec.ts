import type { TranscriptSegment } from '../conversation/index.js';
import type { ExtractionContext } from './extraction.types.js';
import { extractMortgageFields } from './mortgage-extractor.js';
import { readSentence } from './sentence-facts.js';
import { splitTranscript } from './transcript-sentences.js';

const ctx: ExtractionContext = {
  startedAt: new Date('2025-03-12T15:00:00Z'),
  agentSpeaker: 'agent',
  defaultRegion: 'US',
};
/** Opens every call below, so each counts as a loan conversation (two keywords). */
const OPENING: [string, string] = ['agent', 'Thanks for calling about a mortgage loan.'];

function run(lines: [speaker: 'agent' | 'customer', text: string][]) {
  const segments: TranscriptSegment[] = [OPENING, ...lines].map(([speaker, text], i) => ({
    speaker,
    role: null,
    start: i * 5,
    end: i * 5 + 4,
    text,
  }));
  const facts = splitTranscript(segments, ctx.agentSpeaker).map((sentence) =>
    readSentence(sentence, ctx.defaultRegion, ctx.startedAt),
  );
  return extractMortgageFields(facts, ctx);
}

describe(extractMortgageFields.name, () => {
  const sut = run;

  it('needs two distinct loan keywords', () => {
    const segments: TranscriptSegment[] = [
      { speaker: 'agent', role: null, start: 0, end: 4, text: 'We are closing the quarter.' },
      { speaker: 'customer', role: null, start: 5, end: 9, text: 'The price is $90,000.' },
    ];
    const facts = splitTranscript(segments, 'agent').map((s) =>
      readSentence(s, 'US', ctx.startedAt),
    );

    expect(extractMortgageFields(facts, ctx)).toBeNull();
    expect(sut([])).toMatchObject({ signals: ['mortgage', 'loan'], loan_amount: null });
  });

  it('scores a figure only the agent states at 0.7, and lets it replace an earlier one', () => {
    const fields = sut([
      ['customer', 'The purchase price is 500 thousand.'],
      ['agent', 'Checking the contract, it says a price of 510 thousand.'],
    ]);

    expect(fields?.purchase_price).toMatchObject({
      value: { amount: 510_000 },
      confidence: 0.7,
      evidence: { speaker: 'agent', segment_index: 2 },
    });
  });

  it('keeps the customer as evidence when the agent repeats the same figure', () => {
    const fields = sut([
      ['customer', 'The purchase price is 500 thousand.'],
      ['agent', 'Great, a price of 500 thousand.'],
    ]);

    expect(fields?.purchase_price).toMatchObject({
      value: { amount: 500_000 },
      confidence: 0.9,
      evidence: { speaker: 'customer' },
    });
  });

  it('reads "four fifty" as thousands at weak confidence', () => {
    expect(sut([['customer', 'The price is four fifty.']])?.purchase_price).toMatchObject({
      value: { amount: 450_000, text: 'four fifty' },
      confidence: 0.5,
    });
  });

  it('guesses the period of an income said without one, weakly', () => {
    const fields = sut([['customer', 'My income is about 85 thousand.']]);

    expect(fields?.annual_income).toMatchObject({ value: { amount: 85_000 }, confidence: 0.5 });
    expect(fields?.monthly_income).toBeNull();
  });

  it('takes no value from a question and none that is negated', () => {
    const fields = sut([
      ['agent', 'Would an FHA loan work for you?'],
      ['customer', "I don't want FHA, conventional please."],
    ]);

    expect(fields?.loan_type).toMatchObject({ value: 'conventional', confidence: 0.9 });
  });

  it('adds up the debts listed in one sentence', () => {
    expect(
      sut([['customer', 'My car payment is 450 and I pay 300 for student loans.']])?.monthly_debts,
    ).toMatchObject({ value: { amount: 750, currency: 'USD', text: '450 and I pay 300' } });
  });

  it('lets a correction replace a percentage', () => {
    expect(
      sut([['customer', "We'll put 5 percent down. Sorry, I meant 10 percent."]])?.down_payment,
    ).toMatchObject({
      value: { percent: 10, amount: null, text: '10 percent' },
      confidence: 0.95,
      evidence: { quote: 'Sorry, I meant 10 percent.' },
    });
  });

  it("ignores the agent's own job and years", () => {
    const fields = sut([
      ['agent', "I've been working at Acme Lending for 15 years."],
      ['customer', "I've been with Kaiser Permanente for eight years."],
    ]);

    expect(fields?.years_employed).toMatchObject({ value: 8, evidence: { speaker: 'customer' } });
    expect(fields?.employer).toMatchObject({ value: 'Kaiser Permanente', confidence: 0.9 });
  });

  it('reads occupancy and a timeline given in answer to a question', () => {
    const fields = sut([
      ['customer', "It's a rental property, we rent it out."],
      ['agent', 'When do you need to close?'],
      ['customer', 'By June 30th.'],
    ]);

    expect(fields?.occupancy?.value).toBe('investment');
    expect(fields?.timeline).toMatchObject({
      value: { text: 'June 30th', days: 110, date: '2025-06-30T12:00:00.000Z' },
      confidence: 0.8,
    });
  });

  it('reads a credit score said before its cue and a borrower named in an introduction', () => {
    const fields = sut([
      ['customer', 'My name is Oluwaseun Adeyemi and I have a seven twenty credit score.'],
    ]);

    expect(fields?.credit_score?.value).toEqual({ score: 720, range: null, text: 'seven twenty' });
    expect(fields?.borrower_name?.value).toBe('Oluwaseun Adeyemi');
  });

  it('takes an address not said to be the property only weakly', () => {
    expect(
      sut([['customer', 'Mail it to 12 Oak Lane, Dayton, OH 45402.']])?.property_address,
    ).toMatchObject({ value: { street: '12 Oak Lane', state: 'OH' }, confidence: 0.5 });
  });
});
