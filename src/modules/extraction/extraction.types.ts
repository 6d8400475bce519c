import type { CountryCode } from 'libphonenumber-js';

/**
 * Structured data pulled from a transcript, stored on the call as JSONB and
 * returned as `extracted_data` (snake_case, the same shape in both places).
 * Unknown values are `null`, never absent, so the document has one shape.
 */

export interface ExtractionContext {
  /** The call's `started_at`: relative dates ("by Friday", "in 45 days") resolve against it, in UTC. */
  startedAt: Date;
  /** Segments whose `speaker` equals this are the agent's; every other speaker is the customer. */
  agentSpeaker: string;
  /** Region for phone numbers written without a country code. */
  defaultRegion: CountryCode;
  /** When the extraction ran; defaults to the current time. */
  now?: Date;
}

/** Where a value was said: the segment, its speaker and times (seconds), and the sentence quoted. */
export interface Evidence {
  segment_index: number;
  speaker: string;
  start: number;
  end: number;
  quote: string;
}

export interface ExtractedValue<T> {
  value: T;
  /** 0–1; how the number is chosen is documented beside each extractor. */
  confidence: number;
  evidence: Evidence;
}

export type Currency = 'USD' | 'EUR' | 'GBP' | 'JPY' | 'INR';

export interface MoneyValue {
  amount: number;
  currency: Currency;
  /** The words as spoken, e.g. "four hundred twenty thousand dollars". */
  text: string;
}

export interface DateValue {
  /** ISO 8601 UTC; chrono's implied time of day (12:00) when none was said. */
  date: string;
  text: string;
}

export interface UsAddress {
  /** Number, street name and suffix, plus the unit when one was said: "1234 Maple Street Apt 4". */
  street: string;
  city: string | null;
  /** Two-letter USPS code. */
  state: string | null;
  postal_code: string | null;
  text: string;
}

export interface ExtractedEntities {
  /** Lower-cased. */
  emails: ExtractedValue<string>[];
  /** E.164. */
  phones: ExtractedValue<string>[];
  money: ExtractedValue<MoneyValue>[];
  dates: ExtractedValue<DateValue>[];
  people: ExtractedValue<string>[];
  organizations: ExtractedValue<string>[];
  addresses: ExtractedValue<UsAddress>[];
}

export type LoanPurpose = 'purchase' | 'refinance' | 'cash_out_refinance';
export type LoanType = 'conventional' | 'fha' | 'va' | 'usda' | 'jumbo';
export type Occupancy = 'primary' | 'second_home' | 'investment';

export interface DownPaymentValue {
  amount: number | null;
  /** Percent of the purchase price, 0–100. */
  percent: number | null;
  text: string;
}

export interface CreditScoreValue {
  score: number | null;
  range: { min: number; max: number } | null;
  text: string;
}

export interface TimelineValue {
  text: string;
  /** Whole days from the call's start to `date`. */
  days: number | null;
  date: string | null;
}

export interface MortgageFields {
  /** The distinct loan keywords that marked the call as a mortgage conversation. */
  signals: string[];
  loan_amount: ExtractedValue<MoneyValue> | null;
  loan_purpose: ExtractedValue<LoanPurpose> | null;
  loan_type: ExtractedValue<LoanType> | null;
  property_address: ExtractedValue<UsAddress> | null;
  purchase_price: ExtractedValue<MoneyValue> | null;
  estimated_value: ExtractedValue<MoneyValue> | null;
  down_payment: ExtractedValue<DownPaymentValue> | null;
  occupancy: ExtractedValue<Occupancy> | null;
  borrower_name: ExtractedValue<string> | null;
  co_borrower_name: ExtractedValue<string> | null;
  annual_income: ExtractedValue<MoneyValue> | null;
  monthly_income: ExtractedValue<MoneyValue> | null;
  employer: ExtractedValue<string> | null;
  years_employed: ExtractedValue<number> | null;
  credit_score: ExtractedValue<CreditScoreValue> | null;
  monthly_debts: ExtractedValue<MoneyValue> | null;
  timeline: ExtractedValue<TimelineValue> | null;
}

export interface ExtractedData {
  entities: ExtractedEntities;
  /** `null` when the call is not about a loan (see `isMortgageConversation`). */
  mortgage: MortgageFields | null;
  extracted_at: string;
}
