export type MismoLoanPurpose = 'purchase' | 'refinance' | 'cash_out_refinance';

export type MismoLoanType = 'conventional' | 'fha' | 'va' | 'usda' | 'jumbo';

export type MismoOccupancy = 'primary' | 'second_home' | 'investment';

export interface MismoAddress {
  line?: string;
  city?: string;
  /** Two-letter USPS code ("CA") or a full state name. */
  state?: string;
  postalCode?: string;
}

export interface MismoBorrower {
  /** As said; the builder splits it into MISMO's name parts. */
  fullName?: string;
  email?: string;
  /** E.164, e.g. "+14155550123". */
  phone?: string;
  annualIncome?: number;
  /** Takes precedence over annualIncome when both are known. */
  monthlyIncome?: number;
  employer?: string;
  yearsEmployed?: number;
}

/** What the MISMO builder needs from a call; every mortgage field is optional. */
export interface MismoInput {
  callId: string;
  generatedAt: Date;
  loanAmount?: number;
  loanPurpose?: MismoLoanPurpose;
  loanType?: MismoLoanType;
  propertyAddress?: MismoAddress;
  purchasePrice?: number;
  estimatedValue?: number;
  downPayment?: number;
  occupancy?: MismoOccupancy;
  borrower?: MismoBorrower;
  coBorrower?: MismoBorrower;
  /** The primary borrower's stated score. */
  creditScore?: number;
  monthlyDebts?: number;
}
