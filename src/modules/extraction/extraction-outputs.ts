import type { Schemas } from '../../common/http/openapi-types.js';
import type { ContactGaps } from '../contacts/contacts.service.js';
import type { ExtractedData, ExtractedValue, MortgageFields } from './extraction.types.js';

/** The `call.data.extracted` payload: what was found, not the values (those are fetched by id). */
export function extractionSummary(
  callId: string,
  data: ExtractedData,
): Schemas['CallDataExtractedData'] {
  const { entities, mortgage } = data;
  return {
    call_id: callId,
    entity_counts: {
      emails: entities.emails.length,
      phones: entities.phones.length,
      money: entities.money.length,
      dates: entities.dates.length,
      people: entities.people.length,
      organizations: entities.organizations.length,
      addresses: entities.addresses.length,
    },
    mortgage_fields: mortgage ? mortgageFieldsFound(mortgage) : null,
  };
}

function mortgageFieldsFound(mortgage: MortgageFields): string[] {
  return Object.entries(mortgage)
    .filter(([name, value]) => name !== 'signals' && value !== null)
    .map(([name]) => name);
}

/**
 * What the customer said about themselves, for the contact's empty fields: their e-mails and
 * phone numbers, and as company the borrower's employer, else the first organisation the
 * customer named. What the agent said (their own number, their lender's name) is left out.
 */
export function contactGapsOf(data: ExtractedData, agentSpeaker: string): ContactGaps {
  const customers = <T>(values: ExtractedValue<T>[]) =>
    values.filter((v) => v.evidence.speaker !== agentSpeaker).map((v) => v.value);
  return {
    emails: customers(data.entities.emails),
    phones: customers(data.entities.phones),
    company: data.mortgage?.employer?.value ?? customers(data.entities.organizations)[0] ?? null,
  };
}
