import { create } from 'xmlbuilder2';
import {
  mismoSchemaAvailable,
  validateAgainstMismoSchema,
} from '../../../test/utils/mismo-schema.js';
import {
  buildMismoXml,
  MISMO_CALL_IDENTIFIER_TYPE,
  MISMO_NAMESPACE,
  MISMO_REFERENCE_MODEL_IDENTIFIER,
} from './mismo-builder.js';
import type { MismoInput } from './mismo.types.js';

type XMLBuilder = ReturnType<typeof create>;

const generatedAt = new Date('2025-03-14T15:09:26.535Z');

const purchase: MismoInput = {
  callId: '5b0c3f4e-8f1e-4c53-9d3a-0a4a7c1f2e11',
  generatedAt,
  loanAmount: 420000,
  loanPurpose: 'purchase',
  loanType: 'fha',
  propertyAddress: {
    line: '742 Evergreen Terrace',
    city: 'Springfield',
    state: 'or',
    postalCode: '97477',
  },
  purchasePrice: 450000,
  downPayment: 30000,
  occupancy: 'primary',
  borrower: {
    firstName: 'Maria',
    lastName: 'Lopez',
    email: 'maria.lopez@example.com',
    phone: '+14155550123',
    annualIncome: 96000,
    employer: 'Kaiser Permanente',
    yearsEmployed: 6.5,
  },
  coBorrower: { fullName: 'Daniel Lopez', monthlyIncome: 4250.5, employer: 'Springfield Unified' },
  creditScore: 712,
  monthlyDebts: 640,
};

const cashOutRefinance: MismoInput = {
  callId: '9d7f9a0e-2b3c-4d5e-8f60-718293a4b5c6',
  generatedAt,
  loanAmount: 310000,
  loanPurpose: 'cash_out_refinance',
  loanType: 'conventional',
  propertyAddress: { line: '12 Oak St', city: 'Austin', state: 'Texas', postalCode: '78701' },
  estimatedValue: 525000,
  occupancy: 'investment',
  borrower: { fullName: 'Sam Carter', monthlyIncome: 11000 },
};

const jumbo: MismoInput = {
  callId: 'c1a2b3c4-d5e6-4f70-8a9b-0c1d2e3f4a5b',
  generatedAt,
  loanAmount: 1250000,
  loanPurpose: 'purchase',
  loanType: 'jumbo',
  occupancy: 'second_home',
  borrower: { lastName: 'Nguyen', phone: '+442071838750' },
};

const minimal: MismoInput = {
  callId: '0f1e2d3c-4b5a-4968-8776-655443322110',
  generatedAt,
  loanAmount: 250000,
};

const nothingKnown: MismoInput = { callId: 'e0e1e2e3-e4e5-4e6e-8e7e-8e9eaebecede', generatedAt };

const blankValues: MismoInput = {
  ...nothingKnown,
  loanAmount: Number.NaN,
  propertyAddress: { line: '  ', city: '' },
  borrower: { phone: 'call me maybe', email: ' ' },
  coBorrower: {},
};

const DEAL = 'MESSAGE/DEAL_SETS/DEAL_SET/DEALS/DEAL';
const LOAN = `${DEAL}/LOANS/LOAN`;
const PROPERTY = `${DEAL}/COLLATERALS/COLLATERAL/SUBJECT_PROPERTY`;
const BORROWER = 'ROLES/ROLE/BORROWER';

/** Child-axis path steps in the MISMO namespace, like the XPath `/m:A/m:B`. */
function select(from: XMLBuilder, path: string): XMLBuilder[] {
  return path
    .split('/')
    .reduce<XMLBuilder[]>(
      (nodes, name) => nodes.flatMap((node) => node.filter((child) => isMismoElement(child, name))),
      [from],
    );
}

function isMismoElement(builder: XMLBuilder, name: string): boolean {
  const { node } = builder;
  return (
    node.nodeType === node.ELEMENT_NODE &&
    node.nodeName === name &&
    node.lookupNamespaceURI(null) === MISMO_NAMESPACE
  );
}

function texts(from: XMLBuilder, path: string): (string | null)[] {
  return select(from, path).map((builder) => builder.node.textContent);
}

function childNames(from: XMLBuilder, path: string): string[] {
  return select(from, path).flatMap((parent) =>
    parent
      .filter(({ node }) => node.nodeType === node.ELEMENT_NODE)
      .map(({ node }) => node.nodeName),
  );
}

function partyClassified(doc: XMLBuilder, classification: string): XMLBuilder {
  const [party, ...others] = select(doc, `${DEAL}/PARTIES/PARTY`).filter((candidate) =>
    texts(candidate, `${BORROWER}/BORROWER_DETAIL/BorrowerClassificationType`).includes(
      classification,
    ),
  );
  expect(others).toHaveLength(0);
  return party;
}

describe(buildMismoXml.name, () => {
  const sut = buildMismoXml;
  const parse = (input: MismoInput): XMLBuilder => create(sut(input));

  describe('a purchase', () => {
    const doc = parse(purchase);

    it('is a MESSAGE in the MISMO namespace for reference model 3.4 B324', () => {
      const [message] = select(doc, 'MESSAGE');

      expect(message.node.lookupNamespaceURI(null)).toBe(MISMO_NAMESPACE);
      expect(message.toObject()).toMatchObject({
        MESSAGE: { '@MISMOReferenceModelIdentifier': MISMO_REFERENCE_MODEL_IDENTIFIER },
      });
      expect(texts(doc, 'MESSAGE/ABOUT_VERSIONS/ABOUT_VERSION/CreatedDatetime')).toEqual([
        '2025-03-14T15:09:26.535Z',
      ]);
    });

    it('states the loan terms', () => {
      expect(texts(doc, `${LOAN}/TERMS_OF_LOAN/BaseLoanAmount`)).toEqual(['420000.00']);
      expect(texts(doc, `${LOAN}/TERMS_OF_LOAN/LoanPurposeType`)).toEqual(['Purchase']);
      expect(texts(doc, `${LOAN}/TERMS_OF_LOAN/MortgageType`)).toEqual(['FHA']);
      expect(texts(doc, `${LOAN}/DOWN_PAYMENTS/DOWN_PAYMENT/DownPaymentAmount`)).toEqual([
        '30000.00',
      ]);
      expect(texts(doc, `${LOAN}/QUALIFICATION/TotalLiabilitiesMonthlyPaymentAmount`)).toEqual([
        '640.00',
      ]);
      expect(select(doc, `${LOAN}/REFINANCE`)).toHaveLength(0);
    });

    it('identifies the loan by the call id', () => {
      const [identifier] = select(doc, `${LOAN}/LOAN_IDENTIFIERS/LOAN_IDENTIFIER`);

      expect(texts(identifier, 'LoanIdentifier')).toEqual([purchase.callId]);
      expect(texts(identifier, 'LoanIdentifierType')).toEqual(['Other']);
      expect(texts(identifier, 'LoanIdentifierTypeOtherDescription')).toEqual([
        MISMO_CALL_IDENTIFIER_TYPE,
      ]);
    });

    it('describes the subject property, its price and its occupancy', () => {
      expect(texts(doc, `${PROPERTY}/ADDRESS/AddressLineText`)).toEqual(['742 Evergreen Terrace']);
      expect(texts(doc, `${PROPERTY}/ADDRESS/CityName`)).toEqual(['Springfield']);
      expect(texts(doc, `${PROPERTY}/ADDRESS/StateCode`)).toEqual(['OR']);
      expect(texts(doc, `${PROPERTY}/ADDRESS/PostalCode`)).toEqual(['97477']);
      expect(
        texts(
          doc,
          `${PROPERTY}/SALES_CONTRACTS/SALES_CONTRACT/SALES_CONTRACT_DETAIL/SalesContractAmount`,
        ),
      ).toEqual(['450000.00']);
      expect(texts(doc, `${PROPERTY}/PROPERTY_DETAIL/PropertyUsageType`)).toEqual([
        'PrimaryResidence',
      ]);
    });

    it('names the primary borrower with contact points, income, employer and score', () => {
      const borrower = partyClassified(doc, 'Primary');

      expect(texts(borrower, 'INDIVIDUAL/NAME/FirstName')).toEqual(['Maria']);
      expect(texts(borrower, 'INDIVIDUAL/NAME/LastName')).toEqual(['Lopez']);
      expect(texts(borrower, 'INDIVIDUAL/NAME/FullName')).toEqual(['Maria Lopez']);
      expect(
        texts(
          borrower,
          'INDIVIDUAL/CONTACT_POINTS/CONTACT_POINT/CONTACT_POINT_EMAIL/ContactPointEmailValue',
        ),
      ).toEqual(['maria.lopez@example.com']);
      expect(
        texts(
          borrower,
          'INDIVIDUAL/CONTACT_POINTS/CONTACT_POINT/CONTACT_POINT_TELEPHONE/ContactPointTelephoneValue',
        ),
      ).toEqual(['4155550123']);
      expect(texts(borrower, 'ROLES/ROLE/ROLE_DETAIL/PartyRoleType')).toEqual(['Borrower']);

      const [income] = select(
        borrower,
        `${BORROWER}/CURRENT_INCOME/CURRENT_INCOME_ITEMS/CURRENT_INCOME_ITEM/CURRENT_INCOME_ITEM_DETAIL`,
      );
      expect(texts(income, 'CurrentIncomeMonthlyTotalAmount')).toEqual(['8000.00']);
      expect(texts(income, 'IncomeType')).toEqual(['BorrowerEstimatedTotalMonthlyIncome']);

      const [employer] = select(borrower, `${BORROWER}/EMPLOYERS/EMPLOYER`);
      expect(texts(employer, 'LEGAL_ENTITY/LEGAL_ENTITY_DETAIL/FullName')).toEqual([
        'Kaiser Permanente',
      ]);
      expect(texts(employer, 'EMPLOYMENT/EmploymentMonthsOnJobCount')).toEqual(['78']);
      expect(texts(employer, 'EMPLOYMENT/EmploymentYearsOnJobCount')).toEqual(['6']);
      expect(texts(employer, 'EMPLOYMENT/EmploymentStatusType')).toEqual(['Current']);

      expect(
        texts(
          borrower,
          `${BORROWER}/CREDIT_SCORES/CREDIT_SCORE/CREDIT_SCORE_DETAIL/CreditScoreValue`,
        ),
      ).toEqual(['712']);
    });

    it('adds the co-borrower as a second, secondary borrower party', () => {
      const coBorrower = partyClassified(doc, 'Secondary');

      expect(select(doc, `${DEAL}/PARTIES/PARTY`)).toHaveLength(2);
      expect(texts(coBorrower, 'INDIVIDUAL/NAME/FullName')).toEqual(['Daniel Lopez']);
      expect(texts(coBorrower, 'ROLES/ROLE/ROLE_DETAIL/PartyRoleType')).toEqual(['Borrower']);
      expect(
        texts(
          coBorrower,
          `${BORROWER}/CURRENT_INCOME/CURRENT_INCOME_ITEMS/CURRENT_INCOME_ITEM/CURRENT_INCOME_ITEM_DETAIL/CurrentIncomeMonthlyTotalAmount`,
        ),
      ).toEqual(['4250.50']);
      expect(select(coBorrower, `${BORROWER}/CREDIT_SCORES`)).toHaveLength(0);
    });
  });

  describe('a cash-out refinance', () => {
    const doc = parse(cashOutRefinance);

    it('is a Refinance whose cash-out is stated under REFINANCE', () => {
      expect(texts(doc, `${LOAN}/TERMS_OF_LOAN/LoanPurposeType`)).toEqual(['Refinance']);
      expect(texts(doc, `${LOAN}/REFINANCE/RefinanceCashOutDeterminationType`)).toEqual([
        'CashOut',
      ]);
      expect(texts(doc, `${LOAN}/TERMS_OF_LOAN/MortgageType`)).toEqual(['Conventional']);
    });

    it('records the estimated value, a full state name and investment use', () => {
      expect(texts(doc, `${PROPERTY}/PROPERTY_DETAIL/PropertyEstimatedValueAmount`)).toEqual([
        '525000.00',
      ]);
      expect(texts(doc, `${PROPERTY}/PROPERTY_DETAIL/PropertyUsageType`)).toEqual(['Investment']);
      expect(texts(doc, `${PROPERTY}/ADDRESS/StateName`)).toEqual(['Texas']);
      expect(select(doc, `${PROPERTY}/ADDRESS/StateCode`)).toHaveLength(0);
      expect(select(doc, `${PROPERTY}/SALES_CONTRACTS`)).toHaveLength(0);
    });
  });

  it('marks a plain refinance without claiming anything about cash out', () => {
    const doc = parse({ ...cashOutRefinance, loanPurpose: 'refinance' });

    expect(texts(doc, `${LOAN}/TERMS_OF_LOAN/LoanPurposeType`)).toEqual(['Refinance']);
    expect(select(doc, `${LOAN}/REFINANCE`)).toHaveLength(0);
  });

  it('writes a jumbo loan as a non-conforming conventional loan', () => {
    const doc = parse(jumbo);

    expect(texts(doc, `${LOAN}/TERMS_OF_LOAN/MortgageType`)).toEqual(['Conventional']);
    expect(texts(doc, `${LOAN}/LOAN_DETAIL/ConformingIndicator`)).toEqual(['false']);
    expect(texts(doc, `${PROPERTY}/PROPERTY_DETAIL/PropertyUsageType`)).toEqual(['SecondHome']);
    expect(
      texts(
        doc,
        `${DEAL}/PARTIES/PARTY/INDIVIDUAL/CONTACT_POINTS/CONTACT_POINT/CONTACT_POINT_TELEPHONE/ContactPointTelephoneValue`,
      ),
    ).toEqual(['442071838750']);
  });

  it.each([
    ['va', 'VA'],
    ['usda', 'USDARuralDevelopment'],
    ['conventional', 'Conventional'],
  ] as const)('maps loan type %s to MortgageType %s', (loanType, mortgageType) => {
    const doc = parse({ ...minimal, loanType });

    expect(texts(doc, `${LOAN}/TERMS_OF_LOAN/MortgageType`)).toEqual([mortgageType]);
    expect(select(doc, `${LOAN}/LOAN_DETAIL`)).toHaveLength(0);
  });

  describe('a minimal input', () => {
    const doc = parse(minimal);

    it('holds the loan amount and nothing unknown', () => {
      expect(texts(doc, `${LOAN}/TERMS_OF_LOAN/BaseLoanAmount`)).toEqual(['250000.00']);
      expect(childNames(doc, LOAN)).toEqual(['LOAN_IDENTIFIERS', 'TERMS_OF_LOAN']);
      expect(childNames(doc, `${LOAN}/TERMS_OF_LOAN`)).toEqual(['BaseLoanAmount']);
      expect(select(doc, `${DEAL}/COLLATERALS`)).toHaveLength(0);
      expect(select(doc, `${DEAL}/PARTIES`)).toHaveLength(0);
    });
  });

  it.each([
    ['a purchase', purchase],
    ['a minimal input', minimal],
    ['an input of blank values', blankValues],
  ])('writes no empty element for %s', (_name, input) => {
    const emptyElements = parse(input)
      .root()
      .filter(
        ({ node }) => node.nodeType === node.ELEMENT_NODE && !node.textContent?.trim(),
        true,
        true,
      )
      .map(({ node }) => node.nodeName);

    expect(emptyElements).toEqual([]);
  });

  it('leaves out unparseable and blank values', () => {
    const doc = parse(blankValues);

    expect(select(doc, `${DEAL}/COLLATERALS`)).toHaveLength(0);
    expect(select(doc, `${DEAL}/PARTIES`)).toHaveLength(0);
    expect(select(doc, `${LOAN}/TERMS_OF_LOAN`)).toHaveLength(0);
    expect(texts(doc, `${LOAN}/LOAN_IDENTIFIERS/LOAN_IDENTIFIER/LoanIdentifier`)).toEqual([
      nothingKnown.callId,
    ]);
  });

  it('escapes text through the XML builder', () => {
    const employer = 'Smith & Sons <Mortgage> "Co"';
    const doc = parse({ ...minimal, borrower: { fullName: "Dana O'Neil", employer } });

    expect(
      texts(
        doc,
        `${DEAL}/PARTIES/PARTY/${BORROWER}/EMPLOYERS/EMPLOYER/LEGAL_ENTITY/LEGAL_ENTITY_DETAIL/FullName`,
      ),
    ).toEqual([employer]);
    expect(texts(doc, `${DEAL}/PARTIES/PARTY/INDIVIDUAL/NAME/FullName`)).toEqual(["Dana O'Neil"]);
  });

  it('drops characters XML cannot carry', () => {
    const doc = parse({ ...minimal, borrower: { fullName: 'Ana\u0007 Ruiz\u0000' } });

    expect(texts(doc, `${DEAL}/PARTIES/PARTY/INDIVIDUAL/NAME/FullName`)).toEqual(['Ana Ruiz']);
  });

  describe('against the MISMO 3.4 B324 schema', () => {
    // CI always checks out ../shared, so only a local run may lack the licensed schema.
    const assertSchemaMissingOnlyLocally = (): void => {
      expect(process.env.CI).toBeFalsy();
    };

    it.each([
      ['a purchase', purchase],
      ['a cash-out refinance', cashOutRefinance],
      ['a jumbo loan', jumbo],
      ['a minimal input', minimal],
      ['an input with nothing known', nothingKnown],
    ])(
      'validates %s',
      async (_name, input) => {
        if (!mismoSchemaAvailable()) return assertSchemaMissingOnlyLocally();

        const result = await validateAgainstMismoSchema(sut(input));

        expect(result).toEqual({ valid: true, errors: [] });
      },
      30_000,
    );

    it('rejects a document out of sequence order', async () => {
      if (!mismoSchemaAvailable()) return assertSchemaMissingOnlyLocally();
      const xml = sut(minimal).replace('<ABOUT_VERSIONS>', '<DEAL_SETS/><ABOUT_VERSIONS>');

      const result = await validateAgainstMismoSchema(xml);

      expect(result.valid).toBe(false);
      expect(result.errors.join('\n')).toContain('ABOUT_VERSIONS');
    }, 30_000);
  });
});
