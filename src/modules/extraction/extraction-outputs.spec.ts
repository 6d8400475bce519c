import { contactGapsOf, extractionSummary } from './extraction-outputs.js';
import {
  AGENT,
  extractedData,
  mortgageFields,
  said,
  usd,
} from './testing/extracted-data.factory.js';

const CALL_ID = '3fa85f64-5717-4562-b3fc-2c963f66afa6';

describe(extractionSummary.name, () => {
  const sut = extractionSummary;

  it('counts each kind of entity and names the mortgage fields found', () => {
    const data = extractedData(
      {
        emails: [said('sam@example.com')],
        money: [said(usd(450_000)), said(usd(45_000))],
        people: [said('Sam Lee')],
      },
      mortgageFields({
        purchase_price: said(usd(450_000)),
        loan_purpose: said('purchase' as const),
      }),
    );

    expect(sut(CALL_ID, data)).toEqual({
      call_id: CALL_ID,
      entity_counts: {
        emails: 1,
        phones: 0,
        money: 2,
        dates: 0,
        people: 1,
        organizations: 0,
        addresses: 0,
      },
      mortgage_fields: ['loan_purpose', 'purchase_price'],
    });
  });

  it('has no mortgage field list for a call that is not about a loan', () => {
    expect(sut(CALL_ID, extractedData()).mortgage_fields).toBeNull();
  });

  it('lists no field for a loan call where none was said', () => {
    expect(sut(CALL_ID, extractedData({}, mortgageFields())).mortgage_fields).toEqual([]);
  });
});

describe(contactGapsOf.name, () => {
  const sut = contactGapsOf;

  it("keeps what the customer said and leaves out the agent's own details", () => {
    const data = extractedData({
      emails: [said('dana@acme-lending.com', AGENT), said('sam@example.com')],
      phones: [said('+14155550100', AGENT, 1), said('+14155550134', 'Sam', 2)],
      organizations: [said('Acme Lending', AGENT), said('Northwind Traders')],
    });

    expect(sut(data, AGENT)).toEqual({
      emails: ['sam@example.com'],
      phones: ['+14155550134'],
      company: 'Northwind Traders',
    });
  });

  it("takes the borrower's employer as the company, even when the agent restated it", () => {
    const data = extractedData(
      { organizations: [said('Rocket Mortgage')] },
      mortgageFields({ employer: said('Mercy General Hospital', AGENT) }),
    );

    expect(sut(data, AGENT).company).toBe('Mercy General Hospital');
  });

  it('has no company when the customer named none', () => {
    const data = extractedData({ organizations: [said('Acme Lending', AGENT)] });

    expect(sut(data, AGENT)).toEqual({ emails: [], phones: [], company: null });
  });
});
