import { create } from 'xmlbuilder2';
import type {
  MismoAddress,
  MismoBorrower,
  MismoInput,
  MismoLoanPurpose,
  MismoLoanType,
  MismoOccupancy,
} from './mismo.types.js';
import { splitPersonName } from './person-name.js';

export const MISMO_NAMESPACE = 'http://www.mismo.org/residential/2009/schemas';
export const MISMO_REFERENCE_MODEL_IDENTIFIER = '3.4.0[B324]';
/** Versions the mapping below, so a consumer can tell documents of an older mapping apart. */
export const MISMO_DATA_VERSION_IDENTIFIER = '1';
export const MISMO_DATA_VERSION_NAME = 'Aila call extraction';
/** LoanIdentifierTypeOtherDescription of the LOAN_IDENTIFIER that carries the call id. */
export const MISMO_CALL_IDENTIFIER_TYPE = 'AilaCallIdentifier';

/**
 * An element tree in xmlbuilder2's object notation. Keys are written in the order the
 * MISMO XSD sequences require; `undefined` marks an unknown value and is pruned.
 */
interface XmlTree {
  [name: string]: XmlValue;
}
/** An array is written as repeated elements of the same name. */
type XmlValue = XmlTree | XmlTree[] | string | undefined;

const LOAN_PURPOSE: Record<MismoLoanPurpose, string> = {
  purchase: 'Purchase',
  refinance: 'Refinance',
  cash_out_refinance: 'Refinance',
};

// MISMO has no jumbo mortgage type: a jumbo loan is Conventional with ConformingIndicator false.
const MORTGAGE_TYPE: Record<MismoLoanType, string> = {
  conventional: 'Conventional',
  fha: 'FHA',
  va: 'VA',
  usda: 'USDARuralDevelopment',
  jumbo: 'Conventional',
};

const PROPERTY_USAGE: Record<MismoOccupancy, string> = {
  primary: 'PrimaryResidence',
  second_home: 'SecondHome',
  investment: 'Investment',
};

/**
 * Builds a MISMO 3.4 (B324) MESSAGE for the mortgage fields of one call. Unknown fields
 * produce no element at all, so the smallest document still validates against the schema.
 */
export function buildMismoXml(input: MismoInput): string {
  const content = prune({
    ABOUT_VERSIONS: {
      ABOUT_VERSION: {
        CreatedDatetime: input.generatedAt.toISOString(),
        DataVersionIdentifier: MISMO_DATA_VERSION_IDENTIFIER,
        DataVersionName: MISMO_DATA_VERSION_NAME,
      },
    },
    DEAL_SETS: {
      DEAL_SET: {
        DEALS: {
          DEAL: {
            COLLATERALS: { COLLATERAL: { SUBJECT_PROPERTY: subjectProperty(input) } },
            LOANS: { LOAN: loan(input) },
            PARTIES: parties(input),
          },
        },
      },
    },
  });
  const message: XmlTree = {
    '@xmlns': MISMO_NAMESPACE,
    '@MISMOReferenceModelIdentifier': MISMO_REFERENCE_MODEL_IDENTIFIER,
    ...content,
  };
  // Characters XML 1.0 cannot carry (control codes from a transcript) are dropped, not escaped.
  const document = create(
    { version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' },
    { MESSAGE: message },
  );
  return document.end({ prettyPrint: true });
}

function subjectProperty(input: MismoInput): XmlTree {
  return {
    ADDRESS: address(input.propertyAddress),
    PROPERTY_DETAIL: {
      PropertyEstimatedValueAmount: amount(input.estimatedValue),
      PropertyUsageType: input.occupancy && PROPERTY_USAGE[input.occupancy],
    },
    SALES_CONTRACTS: {
      SALES_CONTRACT: {
        SALES_CONTRACT_DETAIL: { SalesContractAmount: amount(input.purchasePrice) },
      },
    },
  };
}

function address(value: MismoAddress | undefined): XmlTree | undefined {
  if (!value) return undefined;
  const state = text(value.state);
  const isStateCode = state !== undefined && /^[A-Za-z]{2}$/.test(state);
  return {
    AddressLineText: text(value.line),
    CityName: text(value.city),
    PostalCode: text(value.postalCode),
    StateCode: isStateCode ? state.toUpperCase() : undefined,
    StateName: isStateCode ? undefined : state,
  };
}

function loan(input: MismoInput): XmlTree {
  return {
    '@LoanRoleType': 'SubjectLoan',
    DOWN_PAYMENTS: { DOWN_PAYMENT: { DownPaymentAmount: amount(input.downPayment) } },
    LOAN_DETAIL: { ConformingIndicator: input.loanType === 'jumbo' ? 'false' : undefined },
    LOAN_IDENTIFIERS: {
      LOAN_IDENTIFIER: {
        LoanIdentifier: text(input.callId),
        LoanIdentifierType: 'Other',
        LoanIdentifierTypeOtherDescription: MISMO_CALL_IDENTIFIER_TYPE,
      },
    },
    QUALIFICATION: { TotalLiabilitiesMonthlyPaymentAmount: amount(input.monthlyDebts) },
    // Only a stated cash-out is recorded: a plain "refinance" does not tell us there is none.
    REFINANCE: {
      RefinanceCashOutDeterminationType:
        input.loanPurpose === 'cash_out_refinance' ? 'CashOut' : undefined,
    },
    TERMS_OF_LOAN: {
      BaseLoanAmount: amount(input.loanAmount),
      LoanPurposeType: input.loanPurpose && LOAN_PURPOSE[input.loanPurpose],
      MortgageType: input.loanType && MORTGAGE_TYPE[input.loanType],
    },
  };
}

function parties(input: MismoInput): XmlTree | undefined {
  const borrowers = [
    borrowerParty(input.borrower, 'Primary', input.creditScore),
    borrowerParty(input.coBorrower, 'Secondary', undefined),
  ].filter((party): party is XmlTree => party !== undefined);
  if (borrowers.length === 0) return undefined;
  return {
    PARTY: borrowers.map((party, index) => ({ '@SequenceNumber': String(index + 1), ...party })),
  };
}

function borrowerParty(
  value: MismoBorrower | undefined,
  classification: 'Primary' | 'Secondary',
  creditScore: number | undefined,
): XmlTree | undefined {
  const borrowerData = prune({
    CREDIT_SCORES: {
      CREDIT_SCORE: { CREDIT_SCORE_DETAIL: { CreditScoreValue: score(creditScore) } },
    },
    CURRENT_INCOME: currentIncome(value),
    EMPLOYERS: { EMPLOYER: employer(value) },
  });
  const individual = prune({ CONTACT_POINTS: contactPoints(value), NAME: name(value) });
  if (!borrowerData && !individual) return undefined;
  return {
    INDIVIDUAL: individual,
    ROLES: {
      ROLE: {
        BORROWER: {
          BORROWER_DETAIL: { BorrowerClassificationType: classification },
          ...borrowerData,
        },
        ROLE_DETAIL: { PartyRoleType: 'Borrower' },
      },
    },
  };
}

/**
 * ULAD names a borrower by parts: FirstName and LastName, MiddleName and SuffixName when said.
 * MISMO's NAME holds either those parts or the unparsed FullName, so FullName is written only
 * when no part of the name could be told (a title said alone).
 */
function name(value: MismoBorrower | undefined): XmlTree | undefined {
  const fullName = text(value?.fullName);
  if (!fullName) return undefined;
  const parts = splitPersonName(fullName);
  const hasParts = Object.values(parts).some(Boolean);
  return {
    FirstName: parts.firstName,
    FullName: hasParts ? undefined : fullName,
    LastName: parts.lastName,
    MiddleName: parts.middleName,
    SuffixName: parts.suffixName,
  };
}

function contactPoints(value: MismoBorrower | undefined): XmlTree | undefined {
  if (!value) return undefined;
  const points = [
    { CONTACT_POINT_EMAIL: { ContactPointEmailValue: text(value.email) } },
    { CONTACT_POINT_TELEPHONE: { ContactPointTelephoneValue: telephoneDigits(value.phone) } },
  ]
    .map((point) => prune(point))
    .filter((point): point is XmlTree => point !== undefined);
  if (points.length === 0) return undefined;
  return { CONTACT_POINT: points };
}

function currentIncome(value: MismoBorrower | undefined): XmlTree | undefined {
  const monthly =
    value?.monthlyIncome ??
    (value?.annualIncome === undefined ? undefined : value.annualIncome / 12);
  const monthlyAmount = amount(monthly);
  if (monthlyAmount === undefined) return undefined;
  return {
    CURRENT_INCOME_ITEMS: {
      CURRENT_INCOME_ITEM: {
        CURRENT_INCOME_ITEM_DETAIL: {
          CurrentIncomeMonthlyTotalAmount: monthlyAmount,
          // A figure stated on a call is the borrower's own estimate of all income, not a verified base pay.
          IncomeType: 'BorrowerEstimatedTotalMonthlyIncome',
        },
      },
    },
  };
}

function employer(value: MismoBorrower | undefined): XmlTree | undefined {
  if (!value) return undefined;
  const employerName = text(value.employer);
  const monthsOnJob =
    value.yearsEmployed !== undefined &&
    Number.isFinite(value.yearsEmployed) &&
    value.yearsEmployed >= 0
      ? Math.round(value.yearsEmployed * 12)
      : undefined;
  if (employerName === undefined && monthsOnJob === undefined) return undefined;
  return {
    LEGAL_ENTITY: { LEGAL_ENTITY_DETAIL: { FullName: employerName } },
    EMPLOYMENT: {
      // MISMO counts complete months and complete years of service separately, both from the start date.
      EmploymentMonthsOnJobCount: monthsOnJob === undefined ? undefined : String(monthsOnJob),
      EmploymentStatusType: 'Current',
      EmploymentYearsOnJobCount:
        monthsOnJob === undefined ? undefined : String(Math.floor(monthsOnJob / 12)),
    },
  };
}

/**
 * ContactPointTelephoneValue allows digits only: the 10-digit number for the NANP (+1, the only
 * E.164 country code starting with 1), all digits of the E.164 number elsewhere.
 */
function telephoneDigits(phone: string | undefined): string | undefined {
  const e164 = phone?.trim();
  if (!e164 || !/^\+[1-9]\d{6,14}$/.test(e164)) return undefined;
  return /^\+1\d{10}$/.test(e164) ? e164.slice(2) : e164.slice(1);
}

function amount(value: number | undefined): string | undefined {
  return value !== undefined && Number.isFinite(value) && value >= 0 ? value.toFixed(2) : undefined;
}

function score(value: number | undefined): string | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0
    ? String(Math.round(value))
    : undefined;
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** Drops unknown values and elements left with nothing but attributes, so no element is empty. */
function prune(tree: XmlTree): XmlTree | undefined {
  const result: XmlTree = {};
  let hasContent = false;
  for (const [key, value] of Object.entries(tree)) {
    const kept = pruneValue(value);
    if (kept === undefined) continue;
    result[key] = kept;
    if (!key.startsWith('@')) hasContent = true;
  }
  return hasContent ? result : undefined;
}

function pruneValue(value: XmlValue): XmlValue {
  if (value === undefined || typeof value === 'string') return value;
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((item): item is XmlTree => item !== undefined);
    return items.length > 0 ? items : undefined;
  }
  return prune(value);
}
