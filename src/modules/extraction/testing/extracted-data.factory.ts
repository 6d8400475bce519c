import type {
  ExtractedData,
  ExtractedEntities,
  ExtractedValue,
  MortgageFields,
} from '../extraction.types.js';

export const AGENT = 'Dana';
export const CUSTOMER = 'Sam';

/** A value said by `speaker` in segment `segment`. */
export function said<T>(value: T, speaker = CUSTOMER, segment = 0): ExtractedValue<T> {
  return {
    value,
    confidence: 0.9,
    evidence: {
      segment_index: segment,
      speaker,
      start: segment * 10,
      end: segment * 10 + 9,
      quote: '…',
    },
  };
}

export function mortgageFields(fields: Partial<MortgageFields> = {}): MortgageFields {
  return {
    signals: ['loan', 'mortgage'],
    loan_amount: null,
    loan_purpose: null,
    loan_type: null,
    property_address: null,
    purchase_price: null,
    estimated_value: null,
    down_payment: null,
    occupancy: null,
    borrower_name: null,
    co_borrower_name: null,
    annual_income: null,
    monthly_income: null,
    employer: null,
    years_employed: null,
    credit_score: null,
    monthly_debts: null,
    timeline: null,
    ...fields,
  };
}

export function extractedData(
  entities: Partial<ExtractedEntities> = {},
  mortgage: MortgageFields | null = null,
): ExtractedData {
  return {
    entities: {
      emails: [],
      phones: [],
      money: [],
      dates: [],
      people: [],
      organizations: [],
      addresses: [],
      ...entities,
    },
    mortgage,
    extracted_at: '2025-03-12T15:10:09.870Z',
  };
}

export const usd = (amount: number) => ({ amount, currency: 'USD' as const, text: `$${amount}` });
