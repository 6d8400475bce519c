import {
  AGENT,
  extractedData,
  mortgageFields,
  said,
  usd,
} from '../extraction/testing/extracted-data.factory.js';
import { toMismoInput, type MismoSource } from './mismo-input.js';

const source = (overrides: Partial<MismoSource>): MismoSource => ({
  callId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  generatedAt: new Date('2025-03-12T15:10:09.870Z'),
  extracted: null,
  agentSpeaker: AGENT,
  contact: null,
  defaultRegion: 'US',
  ...overrides,
});

describe(toMismoInput.name, () => {
  const sut = toMismoInput;

  it('maps every extracted mortgage field onto the builder input', () => {
    const extracted = extractedData(
      {
        emails: [said('dana@acme-lending.com', AGENT), said('maria@example.com')],
        phones: [said('+14155550134')],
      },
      mortgageFields({
        loan_amount: said(usd(405_000)),
        loan_purpose: said('purchase' as const),
        loan_type: said('fha' as const),
        property_address: said({
          street: '1234 Maple Street',
          city: 'Springfield',
          state: 'IL',
          postal_code: '62704',
          text: '1234 Maple Street, Springfield, IL 62704',
        }),
        purchase_price: said(usd(450_000)),
        down_payment: said({ amount: 45_000, percent: 10, text: '10 percent' }),
        occupancy: said('primary' as const),
        borrower_name: said('Maria Lopez'),
        co_borrower_name: said('Daniel Lopez'),
        annual_income: said(usd(96_000)),
        employer: said('Kaiser Permanente'),
        years_employed: said(6),
        credit_score: said({ score: 712, range: null, text: '712' }),
        monthly_debts: said(usd(640)),
      }),
    );

    expect(sut(source({ extracted }))).toEqual({
      callId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
      generatedAt: new Date('2025-03-12T15:10:09.870Z'),
      loanAmount: 405_000,
      loanPurpose: 'purchase',
      loanType: 'fha',
      propertyAddress: {
        line: '1234 Maple Street',
        city: 'Springfield',
        state: 'IL',
        postalCode: '62704',
      },
      purchasePrice: 450_000,
      estimatedValue: undefined,
      downPayment: 45_000,
      occupancy: 'primary',
      borrower: {
        fullName: 'Maria Lopez',
        email: 'maria@example.com',
        phone: '+14155550134',
        annualIncome: 96_000,
        monthlyIncome: undefined,
        employer: 'Kaiser Permanente',
        yearsEmployed: 6,
      },
      coBorrower: { fullName: 'Daniel Lopez' },
      creditScore: 712,
      monthlyDebts: 640,
    });
  });

  it("fills the borrower's name, e-mail and phone from the contact when the call did not say them", () => {
    const extracted = extractedData(
      { emails: [said('dana@acme-lending.com', AGENT)] },
      mortgageFields({ loan_amount: said(usd(300_000)) }),
    );

    const input = sut(
      source({
        extracted,
        contact: { name: ' Sam Lee ', email: 'sam@example.com', phone: '(415) 555-0100' },
      }),
    );

    expect(input.borrower).toMatchObject({
      fullName: 'Sam Lee',
      email: 'sam@example.com',
      phone: '+14155550100',
    });
  });

  it('leaves out a credit score range, an unparseable phone and everything not said', () => {
    const extracted = extractedData(
      {},
      mortgageFields({
        credit_score: said({ score: null, range: { min: 680, max: 720 }, text: '680 to 720' }),
      }),
    );

    const input = sut(source({ extracted, contact: { phone: 'ask for Sam' } }));

    expect(input.creditScore).toBeUndefined();
    expect(input.borrower?.phone).toBeUndefined();
    expect(input.loanAmount).toBeUndefined();
    expect(input.propertyAddress).toBeUndefined();
    expect(input.coBorrower).toBeUndefined();
  });

  it('builds an input with only the call identity for a call without extracted data', () => {
    const input = sut(source({}));

    expect(input.callId).toBe('3fa85f64-5717-4562-b3fc-2c963f66afa6');
    expect(input.loanPurpose).toBeUndefined();
    expect(input.borrower).toEqual({
      fullName: undefined,
      email: undefined,
      phone: undefined,
      annualIncome: undefined,
      monthlyIncome: undefined,
      employer: undefined,
      yearsEmployed: undefined,
    });
  });
});
