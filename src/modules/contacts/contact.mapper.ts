import type { Schemas } from '../../common/http/openapi-types.js';
import type { Contact } from './contact.entity.js';

export function toContactSummary(contact: Contact): Schemas['ContactSummary'] {
  return {
    id: contact.id,
    name: contact.name,
    company: contact.company,
    emails: contact.emails,
    phones: contact.phones,
  };
}

export function toContactResponse(contact: Contact): Schemas['Contact'] {
  return {
    ...toContactSummary(contact),
    title: contact.title,
    custom_fields: contact.customFields,
    call_count: contact.callCount,
    first_call_at: contact.firstCallAt?.toISOString() ?? null,
    last_call_at: contact.lastCallAt?.toISOString() ?? null,
    created_at: contact.createdAt.toISOString(),
    updated_at: contact.updatedAt.toISOString(),
  };
}

/** `recentCalls` arrive mapped: the calls mapper embeds contacts, so this file must not import it back. */
export function toContactDetail(
  contact: Contact,
  recentCalls: Schemas['CallSummary'][],
  stats: Schemas['ContactStats'],
): Schemas['ContactDetail'] {
  return { ...toContactResponse(contact), recent_calls: recentCalls, stats };
}
