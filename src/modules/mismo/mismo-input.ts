import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { ContactInput } from '../calls/call.types.js';
import type {
  ExtractedData,
  ExtractedValue,
  MoneyValue,
  MortgageFields,
} from '../extraction/index.js';
import type { MismoBorrower, MismoInput } from './mismo.types.js';

export interface MismoSource {
  callId: string;
  generatedAt: Date;
  extracted: ExtractedData | null;
  /** The agent's speaker label: an e-mail or phone number the agent says is not the borrower's. */
  agentSpeaker: string | null;
  /** What is known of the call's contact; fills the borrower's name, e-mail and phone when the call did not. */
  contact: ContactInput | null;
  /** For contact phone numbers written without a country code. */
  defaultRegion: CountryCode;
}

/**
 * The MISMO builder's input from a call's extracted mortgage fields. A stated credit score
 * range is left out: MISMO holds one score, and inventing one inside the range would not be
 * what the borrower said.
 */
export function toMismoInput(source: MismoSource): MismoInput {
  const mortgage = source.extracted?.mortgage ?? null;
  const address = mortgage?.property_address?.value;
  return {
    callId: source.callId,
    generatedAt: source.generatedAt,
    loanAmount: amount(mortgage?.loan_amount),
    loanPurpose: mortgage?.loan_purpose?.value,
    loanType: mortgage?.loan_type?.value,
    propertyAddress: address && {
      line: address.street,
      city: address.city ?? undefined,
      state: address.state ?? undefined,
      postalCode: address.postal_code ?? undefined,
    },
    purchasePrice: amount(mortgage?.purchase_price),
    estimatedValue: amount(mortgage?.estimated_value),
    downPayment: mortgage?.down_payment?.value.amount ?? undefined,
    occupancy: mortgage?.occupancy?.value,
    borrower: borrower(source, mortgage),
    coBorrower: mortgage?.co_borrower_name
      ? { fullName: mortgage.co_borrower_name.value }
      : undefined,
    creditScore: mortgage?.credit_score?.value.score ?? undefined,
    monthlyDebts: amount(mortgage?.monthly_debts),
  };
}

function borrower(source: MismoSource, mortgage: MortgageFields | null): MismoBorrower {
  const entities = source.extracted?.entities;
  const said = <T>(values: ExtractedValue<T>[] | undefined): T | undefined =>
    values?.find((v) => v.evidence.speaker !== source.agentSpeaker)?.value;
  return {
    fullName: mortgage?.borrower_name?.value ?? text(source.contact?.name),
    email: said(entities?.emails) ?? text(source.contact?.email),
    phone: said(entities?.phones) ?? e164(source.contact?.phone, source.defaultRegion),
    annualIncome: amount(mortgage?.annual_income),
    monthlyIncome: amount(mortgage?.monthly_income),
    employer: mortgage?.employer?.value,
    yearsEmployed: mortgage?.years_employed?.value,
  };
}

function amount(value: ExtractedValue<MoneyValue> | null | undefined): number | undefined {
  return value?.value.amount;
}

function text(value: string | null | undefined): string | undefined {
  return value?.trim() || undefined;
}

function e164(phone: string | null | undefined, region: CountryCode): string | undefined {
  if (!phone) return undefined;
  const parsed = parsePhoneNumberFromString(phone, region);
  return parsed?.isValid() ? parsed.number : undefined;
}
