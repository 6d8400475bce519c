import {
  mismoSchemaAvailable,
  validateAgainstMismoSchema,
} from '../../../test/utils/mismo-schema.js';
import { nodes, parseXml, texts, value } from '../../../test/utils/mismo-xpath.js';
import {
  buildMismoXml,
  MISMO_CALL_IDENTIFIER_TYPE,
  MISMO_NAMESPACE,
  MISMO_REFERENCE_MODEL_IDENTIFIER,
} from './mismo-builder.js';
import type { MismoInput } from './mismo.types.js';

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
    fullName: 'Maria Lopez',
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
  borrower: { fullName: 'Nguyen', phone: '+442071838750' },
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

const DEAL = '/m:MESSAGE/m:DEAL_SETS/m:DEAL_SET/m:DEALS/m:DEAL';
const LOAN = `${DEAL}/m:LOANS/m:LOAN`;
const PROPERTY = `${DEAL}/m:COLLATERALS/m:COLLATERAL/m:SUBJECT_PROPERTY`;
const BORROWER = 'm:ROLES/m:ROLE/m:BORROWER';

const count = (context: Node, expression: string) => value(context, `count(${expression})`);

/** The names of the element children of what `expression` selects, in document order. */
function childNames(context: Node, expression: string): string[] {
  return nodes(context, `${expression}/*`).map((node) => (node as Element).localName);
}

function partyClassified(doc: Node, classification: string): Node {
  const parties = nodes(
    doc,
    `${DEAL}/m:PARTIES/m:PARTY[${BORROWER}/m:BORROWER_DETAIL/m:BorrowerClassificationType = '${classification}']`,
  );
  expect(parties).toHaveLength(1);
  return parties[0];
}

describe(buildMismoXml.name, () => {
  const sut = buildMismoXml;
  const parse = (input: MismoInput): Node => parseXml(sut(input));

  describe('a purchase', () => {
    const doc = parse(purchase);

    it('is a MESSAGE in the MISMO namespace for reference model 3.4 B324', () => {
      expect(value(doc, 'local-name(/*)')).toBe('MESSAGE');
      expect(value(doc, 'namespace-uri(/*)')).toBe(MISMO_NAMESPACE);
      expect(value(doc, 'string(/m:MESSAGE/@MISMOReferenceModelIdentifier)')).toBe(
        MISMO_REFERENCE_MODEL_IDENTIFIER,
      );
      expect(texts(doc, '/m:MESSAGE/m:ABOUT_VERSIONS/m:ABOUT_VERSION/m:CreatedDatetime')).toEqual([
        '2025-03-14T15:09:26.535Z',
      ]);
    });

    it('states the loan terms', () => {
      expect(texts(doc, `${LOAN}/m:TERMS_OF_LOAN/m:BaseLoanAmount`)).toEqual(['420000.00']);
      expect(texts(doc, `${LOAN}/m:TERMS_OF_LOAN/m:LoanPurposeType`)).toEqual(['Purchase']);
      expect(texts(doc, `${LOAN}/m:TERMS_OF_LOAN/m:MortgageType`)).toEqual(['FHA']);
      expect(texts(doc, `${LOAN}/m:DOWN_PAYMENTS/m:DOWN_PAYMENT/m:DownPaymentAmount`)).toEqual([
        '30000.00',
      ]);
      expect(texts(doc, `${LOAN}/m:QUALIFICATION/m:TotalLiabilitiesMonthlyPaymentAmount`)).toEqual([
        '640.00',
      ]);
      expect(count(doc, `${LOAN}/m:REFINANCE`)).toBe(0);
    });

    it('identifies the loan by the call id', () => {
      const [identifier] = nodes(doc, `${LOAN}/m:LOAN_IDENTIFIERS/m:LOAN_IDENTIFIER`);

      expect(texts(identifier, 'm:LoanIdentifier')).toEqual([purchase.callId]);
      expect(texts(identifier, 'm:LoanIdentifierType')).toEqual(['Other']);
      expect(texts(identifier, 'm:LoanIdentifierTypeOtherDescription')).toEqual([
        MISMO_CALL_IDENTIFIER_TYPE,
      ]);
    });

    it('describes the subject property, its price and its occupancy', () => {
      expect(texts(doc, `${PROPERTY}/m:ADDRESS/m:AddressLineText`)).toEqual([
        '742 Evergreen Terrace',
      ]);
      expect(texts(doc, `${PROPERTY}/m:ADDRESS/m:CityName`)).toEqual(['Springfield']);
      expect(texts(doc, `${PROPERTY}/m:ADDRESS/m:StateCode`)).toEqual(['OR']);
      expect(texts(doc, `${PROPERTY}/m:ADDRESS/m:PostalCode`)).toEqual(['97477']);
      expect(
        texts(
          doc,
          `${PROPERTY}/m:SALES_CONTRACTS/m:SALES_CONTRACT/m:SALES_CONTRACT_DETAIL/m:SalesContractAmount`,
        ),
      ).toEqual(['450000.00']);
      expect(texts(doc, `${PROPERTY}/m:PROPERTY_DETAIL/m:PropertyUsageType`)).toEqual([
        'PrimaryResidence',
      ]);
    });

    it('names the primary borrower with contact points, income, employer and score', () => {
      const borrower = partyClassified(doc, 'Primary');

      expect(childNames(borrower, 'm:INDIVIDUAL/m:NAME')).toEqual(['FirstName', 'LastName']);
      expect(texts(borrower, 'm:INDIVIDUAL/m:NAME/*')).toEqual(['Maria', 'Lopez']);
      expect(
        texts(
          borrower,
          'm:INDIVIDUAL/m:CONTACT_POINTS/m:CONTACT_POINT/m:CONTACT_POINT_EMAIL/m:ContactPointEmailValue',
        ),
      ).toEqual(['maria.lopez@example.com']);
      expect(
        texts(
          borrower,
          'm:INDIVIDUAL/m:CONTACT_POINTS/m:CONTACT_POINT/m:CONTACT_POINT_TELEPHONE/m:ContactPointTelephoneValue',
        ),
      ).toEqual(['4155550123']);
      expect(texts(borrower, 'm:ROLES/m:ROLE/m:ROLE_DETAIL/m:PartyRoleType')).toEqual(['Borrower']);

      const [income] = nodes(
        borrower,
        `${BORROWER}/m:CURRENT_INCOME/m:CURRENT_INCOME_ITEMS/m:CURRENT_INCOME_ITEM/m:CURRENT_INCOME_ITEM_DETAIL`,
      );
      expect(texts(income, 'm:CurrentIncomeMonthlyTotalAmount')).toEqual(['8000.00']);
      expect(texts(income, 'm:IncomeType')).toEqual(['BorrowerEstimatedTotalMonthlyIncome']);

      const [employer] = nodes(borrower, `${BORROWER}/m:EMPLOYERS/m:EMPLOYER`);
      expect(texts(employer, 'm:LEGAL_ENTITY/m:LEGAL_ENTITY_DETAIL/m:FullName')).toEqual([
        'Kaiser Permanente',
      ]);
      expect(texts(employer, 'm:EMPLOYMENT/m:EmploymentMonthsOnJobCount')).toEqual(['78']);
      expect(texts(employer, 'm:EMPLOYMENT/m:EmploymentYearsOnJobCount')).toEqual(['6']);
      expect(texts(employer, 'm:EMPLOYMENT/m:EmploymentStatusType')).toEqual(['Current']);

      expect(
        texts(
          borrower,
          `${BORROWER}/m:CREDIT_SCORES/m:CREDIT_SCORE/m:CREDIT_SCORE_DETAIL/m:CreditScoreValue`,
        ),
      ).toEqual(['712']);
    });

    it('adds the co-borrower as a second, secondary borrower party', () => {
      const coBorrower = partyClassified(doc, 'Secondary');

      expect(count(doc, `${DEAL}/m:PARTIES/m:PARTY`)).toBe(2);
      expect(childNames(coBorrower, 'm:INDIVIDUAL/m:NAME')).toEqual(['FirstName', 'LastName']);
      expect(texts(coBorrower, 'm:INDIVIDUAL/m:NAME/*')).toEqual(['Daniel', 'Lopez']);
      expect(texts(coBorrower, 'm:ROLES/m:ROLE/m:ROLE_DETAIL/m:PartyRoleType')).toEqual([
        'Borrower',
      ]);
      expect(
        texts(
          coBorrower,
          `${BORROWER}/m:CURRENT_INCOME/m:CURRENT_INCOME_ITEMS/m:CURRENT_INCOME_ITEM/m:CURRENT_INCOME_ITEM_DETAIL/m:CurrentIncomeMonthlyTotalAmount`,
        ),
      ).toEqual(['4250.50']);
      expect(count(coBorrower, `${BORROWER}/m:CREDIT_SCORES`)).toBe(0);
    });
  });

  describe('a cash-out refinance', () => {
    const doc = parse(cashOutRefinance);

    it('is a Refinance whose cash-out is stated under REFINANCE', () => {
      expect(texts(doc, `${LOAN}/m:TERMS_OF_LOAN/m:LoanPurposeType`)).toEqual(['Refinance']);
      expect(texts(doc, `${LOAN}/m:REFINANCE/m:RefinanceCashOutDeterminationType`)).toEqual([
        'CashOut',
      ]);
      expect(texts(doc, `${LOAN}/m:TERMS_OF_LOAN/m:MortgageType`)).toEqual(['Conventional']);
    });

    it('records the estimated value, a full state name and investment use', () => {
      expect(texts(doc, `${PROPERTY}/m:PROPERTY_DETAIL/m:PropertyEstimatedValueAmount`)).toEqual([
        '525000.00',
      ]);
      expect(texts(doc, `${PROPERTY}/m:PROPERTY_DETAIL/m:PropertyUsageType`)).toEqual([
        'Investment',
      ]);
      expect(texts(doc, `${PROPERTY}/m:ADDRESS/m:StateName`)).toEqual(['Texas']);
      expect(count(doc, `${PROPERTY}/m:ADDRESS/m:StateCode`)).toBe(0);
      expect(count(doc, `${PROPERTY}/m:SALES_CONTRACTS`)).toBe(0);
    });
  });

  it('marks a plain refinance without claiming anything about cash out', () => {
    const doc = parse({ ...cashOutRefinance, loanPurpose: 'refinance' });

    expect(texts(doc, `${LOAN}/m:TERMS_OF_LOAN/m:LoanPurposeType`)).toEqual(['Refinance']);
    expect(count(doc, `${LOAN}/m:REFINANCE`)).toBe(0);
  });

  it('writes a jumbo loan as a non-conforming conventional loan', () => {
    const doc = parse(jumbo);

    expect(texts(doc, `${LOAN}/m:TERMS_OF_LOAN/m:MortgageType`)).toEqual(['Conventional']);
    expect(texts(doc, `${LOAN}/m:LOAN_DETAIL/m:ConformingIndicator`)).toEqual(['false']);
    expect(texts(doc, `${PROPERTY}/m:PROPERTY_DETAIL/m:PropertyUsageType`)).toEqual(['SecondHome']);
    expect(
      texts(
        doc,
        `${DEAL}/m:PARTIES/m:PARTY/m:INDIVIDUAL/m:CONTACT_POINTS/m:CONTACT_POINT/m:CONTACT_POINT_TELEPHONE/m:ContactPointTelephoneValue`,
      ),
    ).toEqual(['442071838750']);
  });

  it.each([
    ['va', 'VA'],
    ['usda', 'USDARuralDevelopment'],
    ['conventional', 'Conventional'],
  ] as const)('maps loan type %s to MortgageType %s', (loanType, mortgageType) => {
    const doc = parse({ ...minimal, loanType });

    expect(texts(doc, `${LOAN}/m:TERMS_OF_LOAN/m:MortgageType`)).toEqual([mortgageType]);
    expect(count(doc, `${LOAN}/m:LOAN_DETAIL`)).toBe(0);
  });

  describe('a minimal input', () => {
    const doc = parse(minimal);

    it('holds the loan amount and nothing unknown', () => {
      expect(texts(doc, `${LOAN}/m:TERMS_OF_LOAN/m:BaseLoanAmount`)).toEqual(['250000.00']);
      expect(childNames(doc, LOAN)).toEqual(['LOAN_IDENTIFIERS', 'TERMS_OF_LOAN']);
      expect(childNames(doc, `${LOAN}/m:TERMS_OF_LOAN`)).toEqual(['BaseLoanAmount']);
      expect(count(doc, `${DEAL}/m:COLLATERALS`)).toBe(0);
      expect(count(doc, `${DEAL}/m:PARTIES`)).toBe(0);
    });
  });

  it.each([
    ['a purchase', purchase],
    ['a minimal input', minimal],
    ['an input of blank values', blankValues],
  ])('writes no empty element for %s', (_name, input) => {
    const emptyElements = nodes(parse(input), "//*[normalize-space(.) = '']").map(
      (node) => (node as Element).localName,
    );

    expect(emptyElements).toEqual([]);
  });

  it('leaves out unparseable and blank values', () => {
    const doc = parse(blankValues);

    expect(count(doc, `${DEAL}/m:COLLATERALS`)).toBe(0);
    expect(count(doc, `${DEAL}/m:PARTIES`)).toBe(0);
    expect(count(doc, `${LOAN}/m:TERMS_OF_LOAN`)).toBe(0);
    expect(texts(doc, `${LOAN}/m:LOAN_IDENTIFIERS/m:LOAN_IDENTIFIER/m:LoanIdentifier`)).toEqual([
      nothingKnown.callId,
    ]);
  });

  it('escapes text through the XML builder', () => {
    const employer = 'Smith & Sons <Mortgage> "Co"';
    const doc = parse({ ...minimal, borrower: { fullName: "Dana O'Neil", employer } });

    expect(
      texts(
        doc,
        `${DEAL}/m:PARTIES/m:PARTY/${BORROWER}/m:EMPLOYERS/m:EMPLOYER/m:LEGAL_ENTITY/m:LEGAL_ENTITY_DETAIL/m:FullName`,
      ),
    ).toEqual([employer]);
    expect(texts(doc, `${DEAL}/m:PARTIES/m:PARTY/m:INDIVIDUAL/m:NAME/*`)).toEqual([
      'Dana',
      "O'Neil",
    ]);
  });

  it('drops characters XML cannot carry', () => {
    const doc = parse({ ...minimal, borrower: { fullName: 'Ana\u0007 Ruiz\u0000' } });

    expect(texts(doc, `${DEAL}/m:PARTIES/m:PARTY/m:INDIVIDUAL/m:NAME/*`)).toEqual(['Ana', 'Ruiz']);
  });

  describe('a borrower name, in the parts ULAD reads', () => {
    const NAME = `${DEAL}/m:PARTIES/m:PARTY/m:INDIVIDUAL/m:NAME`;
    const nameOf = (fullName: string): Record<string, string | null> => {
      const doc = parse({ ...minimal, borrower: { fullName } });
      return Object.fromEntries(
        nodes(doc, `${NAME}/*`).map((node) => [(node as Element).localName, node.textContent]),
      );
    };

    it.each([
      [
        'John Q. Public Jr.',
        { FirstName: 'John', LastName: 'Public', MiddleName: 'Q.', SuffixName: 'Jr.' },
      ],
      ['Mary Smith', { FirstName: 'Mary', LastName: 'Smith' }],
      ['Smith', { LastName: 'Smith' }],
    ])('writes %j as its parts, without FullName', (fullName, parts) => {
      expect(nameOf(fullName)).toEqual(parts);
    });

    it('writes the parts in the order the NAME sequence requires', () => {
      const doc = parse({ ...minimal, borrower: { fullName: 'John Q. Public Jr.' } });

      expect(childNames(doc, NAME)).toEqual(['FirstName', 'LastName', 'MiddleName', 'SuffixName']);
    });

    it('keeps the unparsed FullName when no part can be told', () => {
      expect(nameOf('Mr.')).toEqual({ FullName: 'Mr.' });
    });
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
      [
        'a borrower named in all four parts',
        { ...minimal, borrower: { fullName: 'John Q. Public Jr.' } },
      ],
      ['a borrower named by last name alone', { ...minimal, borrower: { fullName: 'Smith' } }],
      ['a borrower named by an unsplittable name', { ...minimal, borrower: { fullName: 'Mr.' } }],
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
