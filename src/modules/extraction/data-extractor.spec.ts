import type { TranscriptSegment } from '../conversation/index.js';
import { extractCallData } from './data-extractor.js';
import type { ExtractionContext } from './extraction.types.js';

const AGENT = 'Speaker 0';
const CUSTOMER = 'Speaker 1';

/** Ten seconds per turn, agent lines marked 'A'. */
function transcript(lines: [who: 'A' | 'C', text: string][]): TranscriptSegment[] {
  return lines.map(([who, text], i) => ({
    speaker: who === 'A' ? AGENT : CUSTOMER,
    role: null,
    start: i * 10,
    end: i * 10 + 9,
    text,
  }));
}

function context(startedAt: string): ExtractionContext {
  return {
    startedAt: new Date(startedAt),
    agentSpeaker: AGENT,
    defaultRegion: 'US',
    now: new Date('2025-10-01T00:00:00Z'),
  };
}

const purchaseCall = transcript([
  ['A', 'Thanks for calling Acme Lending, this is Sarah Johnson. Who am I speaking with?'],
  [
    'C',
    'Hi Sarah, my name is Michael Chen. My wife Emily Chen and I are buying our first home, and we need a pre-approval.',
  ],
  ['A', "Congratulations! What's the purchase price?"],
  [
    'C',
    'The purchase price is four hundred fifty thousand dollars, and we can put 10 percent down.',
  ],
  ['A', 'Okay. So a loan amount of about 405 thousand. Are you thinking FHA or conventional?'],
  ['C', "We were told FHA makes sense for us. We'd borrow $405,000."],
  ['A', 'Great. Will this be your primary residence?'],
  [
    'C',
    'Yes, it will be our primary residence. The property is at 1234 Maple Street, Springfield, IL 62704.',
  ],
  ['A', 'And what do you do for work?'],
  [
    'C',
    "I'm a nurse at Mercy General Hospital, I've been there six years, and I make about ninety five thousand a year.",
  ],
  ['A', 'How about monthly debts, car payments, student loans?'],
  ['C', 'We pay around twelve hundred a month in debts, mostly the car and student loans.'],
  ['A', 'And your credit score, roughly?'],
  ['C', 'Somewhere between 680 and 720.'],
  ['A', 'When are you hoping to close?'],
  ['C', 'The seller wants closing in 45 days.'],
  ['A', "Perfect. I'll send you the pre-approval checklist by Friday."],
  ['C', 'Great, my email is mike.chen@example.com and my cell is 415-555-0134.'],
]);

const refinanceCall = transcript([
  ['A', 'Good morning, Harbor Mortgage, this is Dan. How can I help?'],
  [
    'C',
    'Hi Dan, this is Priya Patel. I want to refinance my house and take some cash out for a kitchen remodel.',
  ],
  ['A', 'Sure. What do you think the home is worth today?'],
  [
    'C',
    "It's worth about six hundred thousand, and I owe around 310 thousand on the current mortgage.",
  ],
  ['A', 'And how much would you like the new loan to be?'],
  ['C', 'I was thinking a new loan of 400 thousand.'],
  ['A', 'Okay, 400 thousand. Is this still your primary residence?'],
  ['C', 'Yes, we live there. Actually, make that 420 thousand, we want some cushion.'],
  ['A', 'Got it, a 420 thousand loan. Conventional, thirty year fixed?'],
  [
    'C',
    'Conventional is fine. I work for Contoso Software and make $12,500 a month. My credit score is seven sixty.',
  ],
  ['A', "Great. I'll pull your credit today and email you the loan estimate tomorrow morning."],
  ['C', "Sounds good. I'll send you my last two pay stubs tonight."],
]);

const salesCall = transcript([
  ['A', 'Hi, this is Jordan Blake from Brightwave Labs. Is this Dana Whitfield?'],
  ['C', 'Yes, this is Dana, I run purchasing at Northwind Traders.'],
  ['A', 'Great. Following up on the demo: the annual plan is $24,000, or $2,500 a month.'],
  ['C', 'Send the quote to dana at northwind dot com, and copy my colleague Raj Mehta.'],
  [
    'A',
    "Will do. I'll email the quote by Thursday and set up a call with Raj on September 18th at 2pm.",
  ],
  [
    'C',
    "Perfect. You can also reach me on (206) 555-0182. We're closing our quarter at the end of the month, so timing matters.",
  ],
]);

describe(extractCallData.name, () => {
  const sut = extractCallData;

  describe('a purchase call', () => {
    const result = sut(purchaseCall, context('2025-03-12T15:00:00Z'));
    const mortgage = result.mortgage!;

    it('stamps the extraction time', () => {
      expect(result.extracted_at).toBe('2025-10-01T00:00:00.000Z');
    });

    it('extracts contact details and entities with their evidence', () => {
      expect(result.entities.emails).toEqual([
        {
          value: 'mike.chen@example.com',
          confidence: 0.95,
          evidence: {
            segment_index: 17,
            speaker: CUSTOMER,
            start: 170,
            end: 179,
            quote: 'Great, my email is mike.chen@example.com and my cell is 415-555-0134.',
          },
        },
      ]);
      expect(result.entities.phones.map((p) => p.value)).toEqual(['+14155550134']);
      expect(result.entities.people.map((p) => [p.value, p.confidence])).toEqual([
        ['Sarah Johnson', 0.8],
        ['Michael Chen', 0.8],
        ['Emily Chen', 0.6],
      ]);
      expect(result.entities.organizations.map((o) => o.value)).toEqual([
        'Acme Lending',
        'Mercy General Hospital',
      ]);
      expect(result.entities.money.map((m) => m.value)).toEqual([
        { amount: 450_000, currency: 'USD', text: 'four hundred fifty thousand dollars' },
        { amount: 405_000, currency: 'USD', text: '$405,000' },
      ]);
      expect(result.entities.dates.map((d) => d.value)).toEqual([
        { date: '2025-04-26T15:00:00.000Z', text: 'in 45 days' },
        { date: '2025-03-14T12:00:00.000Z', text: 'Friday' },
      ]);
      expect(result.entities.addresses.map((a) => a.value)).toEqual([
        {
          street: '1234 Maple Street',
          city: 'Springfield',
          state: 'IL',
          postal_code: '62704',
          text: '1234 Maple Street, Springfield, IL 62704',
        },
      ]);
    });

    it('recognises a mortgage conversation by its loan keywords', () => {
      expect(mortgage.signals).toEqual(['loan', 'pre-approval', 'closing', 'fha']);
    });

    it('extracts the loan: purpose, type, amounts and down payment', () => {
      expect(mortgage.loan_purpose).toMatchObject({
        value: 'purchase',
        confidence: 0.9,
        evidence: { segment_index: 1 },
      });
      expect(mortgage.loan_type).toMatchObject({
        value: 'fha',
        confidence: 0.9,
        evidence: { segment_index: 5 },
      });
      expect(mortgage.purchase_price).toMatchObject({
        value: { amount: 450_000, currency: 'USD' },
        confidence: 0.9,
        evidence: { segment_index: 3 },
      });
      // The agent said 405 thousand first; the customer's own statement is the evidence.
      expect(mortgage.loan_amount).toMatchObject({
        value: { amount: 405_000, currency: 'USD', text: '$405,000' },
        confidence: 0.9,
        evidence: { segment_index: 5, quote: "We'd borrow $405,000." },
      });
      // 10 percent of 450,000.
      expect(mortgage.down_payment).toMatchObject({
        value: { amount: 45_000, percent: 10, text: '10 percent' },
        confidence: 0.9,
      });
      expect(mortgage.estimated_value).toBeNull();
    });

    it('extracts the property and its occupancy', () => {
      expect(mortgage.property_address?.value).toMatchObject({
        street: '1234 Maple Street',
        postal_code: '62704',
      });
      expect(mortgage.property_address?.confidence).toBe(0.9);
      expect(mortgage.occupancy).toMatchObject({ value: 'primary', confidence: 0.9 });
    });

    it('extracts the borrowers, their work and finances', () => {
      expect(mortgage.borrower_name).toMatchObject({ value: 'Michael Chen', confidence: 0.9 });
      expect(mortgage.co_borrower_name).toMatchObject({ value: 'Emily Chen', confidence: 0.9 });
      expect(mortgage.employer).toMatchObject({
        value: 'Mercy General Hospital',
        confidence: 0.9,
      });
      expect(mortgage.years_employed).toMatchObject({ value: 6, confidence: 0.9 });
      expect(mortgage.annual_income).toMatchObject({
        value: { amount: 95_000, currency: 'USD', text: 'ninety five thousand' },
        confidence: 0.9,
      });
      expect(mortgage.monthly_income).toBeNull();
      expect(mortgage.monthly_debts).toMatchObject({
        value: { amount: 1_200, currency: 'USD' },
        confidence: 0.9,
      });
    });

    it('reads a credit score range given in answer to the question', () => {
      expect(mortgage.credit_score).toEqual({
        value: { score: null, range: { min: 680, max: 720 }, text: '680 and 720' },
        confidence: 0.8,
        evidence: {
          segment_index: 13,
          speaker: CUSTOMER,
          start: 130,
          end: 139,
          quote: 'Somewhere between 680 and 720.',
        },
      });
    });

    it('resolves the closing timeline against the call date', () => {
      expect(mortgage.timeline).toMatchObject({
        value: { text: 'closing in 45 days', days: 45, date: '2025-04-26T15:00:00.000Z' },
        confidence: 0.9,
      });
    });
  });

  describe('a refinance call with a correction', () => {
    const result = sut(refinanceCall, context('2025-06-02T14:00:00Z'));
    const mortgage = result.mortgage!;

    it('takes the corrected loan amount, with more confidence than the first figure', () => {
      expect(mortgage.loan_amount).toEqual({
        value: { amount: 420_000, currency: 'USD', text: '420 thousand' },
        confidence: 0.95,
        evidence: {
          segment_index: 7,
          speaker: CUSTOMER,
          start: 70,
          end: 79,
          quote: 'Actually, make that 420 thousand, we want some cushion.',
        },
      });
    });

    it('classifies a refinance with cash out as a cash-out refinance', () => {
      expect(mortgage.loan_purpose).toMatchObject({
        value: 'cash_out_refinance',
        confidence: 0.9,
        evidence: { segment_index: 1 },
      });
      expect(mortgage.signals).toEqual(['mortgage', 'loan', 'refinance']);
    });

    it('extracts the value but not the balance owed', () => {
      expect(mortgage.estimated_value?.value).toEqual({
        amount: 600_000,
        currency: 'USD',
        text: 'six hundred thousand',
      });
      expect(mortgage.purchase_price).toBeNull();
      expect(mortgage.down_payment).toBeNull();
    });

    it('extracts type, occupancy, borrower, employer, monthly income and spoken score', () => {
      expect(mortgage.loan_type?.value).toBe('conventional');
      expect(mortgage.occupancy).toMatchObject({
        value: 'primary',
        evidence: { quote: 'Yes, we live there.' },
      });
      expect(mortgage.borrower_name?.value).toBe('Priya Patel');
      expect(mortgage.employer?.value).toBe('Contoso Software');
      expect(mortgage.monthly_income?.value).toEqual({
        amount: 12_500,
        currency: 'USD',
        text: '$12,500',
      });
      expect(mortgage.annual_income).toBeNull();
      expect(mortgage.credit_score?.value).toEqual({
        score: 760,
        range: null,
        text: 'seven sixty',
      });
      expect(mortgage.property_address).toBeNull();
      expect(mortgage.timeline).toBeNull();
    });

    it('takes no date from a greeting', () => {
      expect(result.entities.dates.map((d) => d.value.text)).toEqual([
        'today',
        'tomorrow morning',
        'tonight',
      ]);
      expect(result.entities.organizations.map((o) => o.value)).toEqual([
        'Harbor Mortgage',
        'Contoso Software',
      ]);
    });
  });

  describe('a sales call', () => {
    const result = sut(salesCall, context('2025-09-10T16:30:00Z'));

    it('is not a mortgage conversation, one "closing" notwithstanding', () => {
      expect(result.mortgage).toBeNull();
    });

    it('extracts the e-mail spelled out in words and the phone number', () => {
      expect(result.entities.emails).toMatchObject([
        { value: 'dana@northwind.com', confidence: 0.7, evidence: { segment_index: 3 } },
      ]);
      expect(result.entities.phones).toMatchObject([
        { value: '+12065550182', confidence: 0.9, evidence: { segment_index: 5 } },
      ]);
    });

    it('extracts money, dates, people and organisations', () => {
      expect(result.entities.money.map((m) => m.value)).toEqual([
        { amount: 24_000, currency: 'USD', text: '$24,000' },
        { amount: 2_500, currency: 'USD', text: '$2,500' },
      ]);
      expect(result.entities.dates.map((d) => [d.value, d.confidence])).toEqual([
        [{ date: '2025-09-11T12:00:00.000Z', text: 'Thursday' }, 0.8],
        [{ date: '2025-09-18T14:00:00.000Z', text: 'September 18th at 2pm' }, 0.9],
        [{ date: '2025-09-30T12:00:00.000Z', text: 'end of the month' }, 0.9],
      ]);
      // "Dana" and "Raj" alone are the same people as the full names.
      expect(result.entities.people.map((p) => p.value)).toEqual([
        'Jordan Blake',
        'Dana Whitfield',
        'Raj Mehta',
      ]);
      expect(result.entities.organizations.map((o) => o.value)).toEqual([
        'Brightwave Labs',
        'Northwind Traders',
      ]);
      expect(result.entities.addresses).toEqual([]);
    });
  });

  it('extracts written addresses at hyphenated and multi-level domains, without the full stop after them', () => {
    const result = sut(
      transcript([
        ['C', 'Send it to claire.dubois@acme-logistics.com tomorrow.'],
        ['C', 'My wife uses Anna_Lee+loans@my-bank.co.uk.'],
        ['C', 'Not an address: @anna, anna@localhost, or a-b@-bad.com.'],
      ]),
      context('2025-09-10T16:30:00Z'),
    );

    expect(result.entities.emails).toMatchObject([
      { value: 'claire.dubois@acme-logistics.com', evidence: { segment_index: 0 } },
      { value: 'anna_lee+loans@my-bank.co.uk', evidence: { segment_index: 1 } },
    ]);
  });

  it('keeps one value per normalised key, with its most confident evidence', () => {
    const result = sut(
      transcript([
        ['A', 'Is your e-mail dana at northwind dot com?'],
        ['C', 'Yes, DANA@Northwind.com.'],
        ['C', 'Call me at 415 555 0134 or (415) 555-0134.'],
      ]),
      context('2025-09-10T16:30:00Z'),
    );

    expect(result.entities.emails).toMatchObject([
      { value: 'dana@northwind.com', confidence: 0.95, evidence: { segment_index: 1 } },
    ]);
    expect(result.entities.phones).toMatchObject([
      { value: '+14155550134', evidence: { segment_index: 2 } },
    ]);
  });
});
