import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { Transactions } from '../../database/transactions.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import type { CallSummaryRow } from '../calls/call.mapper.js';
import type { CallRecord } from '../calls/call.types.js';
import { ProvidesCallContacts, type CallContactsSource } from '../calls/call-contacts.js';
import { CallsService } from '../calls/calls.service.js';
import { ListCallsQueryDto } from '../calls/dto/list-calls-query.dto.js';
import type { OrganizationProfile } from '../organizations/organization.types.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import type { IdentifierKind } from './contact-identifier.entity.js';
import {
  Identifier,
  identifierKey,
  identifiersOf,
  normalizeEmail,
  normalizePhone,
  phonePrefixes,
} from './contact-identity.js';
import type { Contact } from './contact.entity.js';
import { toContactSummary } from './contact.mapper.js';
import { ContactDetails, ContactRepository } from './contact.repository.js';
import type { ContactRecord } from './contact.types.js';
import { ListContactsQueryDto } from './dto/list-contacts-query.dto.js';
import { UpdateContactDto } from './dto/update-contact.dto.js';
import { applyMergePatch } from './merge-patch.js';

const RECENT_CALLS = 10;
/** Linking retries this often when the contact it created lost a race and was dropped for the winner. */
const LINK_ATTEMPTS = 3;

/** What the transcript revealed about a contact (extraction). */
export interface ContactGaps {
  emails?: string[];
  phones?: string[];
  company?: string | null;
}

/** What `fillGaps` actually added. */
export interface FilledGaps {
  emails: string[];
  phones: string[];
  company: string | null;
}

export interface ContactDetailData {
  contact: Contact;
  recentCalls: CallSummaryRow[];
  stats: Schemas['ContactStats'];
}

const LABEL: Record<IdentifierKind, string> = { email: 'Email', phone: 'Phone' };
const FIELD: Record<IdentifierKind, 'emails' | 'phones'> = { email: 'emails', phone: 'phones' };

const clean = (text: string | null | undefined) => text?.trim() || null;
const valuesOf = (ids: Identifier[], kind: IdentifierKind) =>
  ids.filter((id) => id.kind === kind).map((id) => id.value);

function invalidValue(field: string, value: string, expected: string, what: string): AppError {
  return new AppError(ErrorCode.ValidationError, `${field} must be ${what}`, {
    field,
    value,
    expected,
  });
}

export function invalidPhone(field: string, value: string, region: string): AppError {
  return invalidValue(
    field,
    value,
    `a phone number in E.164 or in the national format of ${region}`,
    'a phone number',
  );
}

/** Normalised, in the given order, without repeats; an invalid item is a 400 naming it (`emails.1`). */
function normalizeList(field: 'emails' | 'phones', values: string[], region: string): string[] {
  const normalized = values.map((value, index) => {
    const result = field === 'emails' ? normalizeEmail(value) : normalizePhone(value, region);
    if (result !== null) return result;
    throw field === 'emails'
      ? invalidValue(`emails.${index}`, value, 'an email address', 'an email')
      : invalidPhone(`phones.${index}`, value, region);
  });
  return [...new Set(normalized)];
}

/**
 * Contacts: the other parties of calls, de-duplicated within an organization by their
 * identifiers (lower-cased emails, E.164 phones). Ownership of an identifier is a row
 * in contact_identifiers under a unique index, so every writer claims with an upsert
 * and reads the owner afterwards; none decides from a read made before it writes.
 */
@Injectable()
@ProvidesCallContacts()
export class ContactsService implements CallContactsSource {
  constructor(
    private readonly calls: CallsService,
    private readonly organizations: OrganizationsService,
    private readonly contacts: ContactRepository,
    private readonly transactions: Transactions,
  ) {}

  async list(
    organization: OrganizationProfile,
    query: ListContactsQueryDto,
  ): Promise<[Contact[], number]> {
    const region = organization.defaultRegion;
    let phone: string | undefined;
    if (query.phone) {
      phone = normalizePhone(query.phone, region) ?? undefined;
      if (!phone) throw invalidPhone('phone', query.phone, region);
    }
    return this.contacts.list(organization.id, {
      search: query.q
        ? { text: query.q, phonePrefixes: phonePrefixes(query.q, region) }
        : undefined,
      email: query.email ? query.email.trim().toLowerCase() : undefined,
      phone,
      limit: query.limit,
      offset: query.offset,
    });
  }

  /** The call list's contact column (see CallContactsSource). */
  refColumn(organizationIdSql: string, contactIdSql: string): string {
    return this.contacts.refColumn(organizationIdSql, contactIdSql);
  }

  /** The short form of a call's contact, for the single-call view. */
  async summary(organizationId: string, id: string): Promise<Schemas['ContactSummary'] | null> {
    const contact = await this.contacts.findById(organizationId, id);
    return contact && toContactSummary(contact);
  }

  /** The contact, or null when the organization has none with this id. */
  find(organizationId: string, id: string): Promise<ContactRecord | null> {
    return this.contacts.findById(organizationId, id);
  }

  async get(organizationId: string, id: string): Promise<Contact> {
    const contact = await this.contacts.findById(organizationId, id);
    if (!contact) throw AppError.notFound('Contact');
    return contact;
  }

  async detail(organizationId: string, id: string): Promise<ContactDetailData> {
    const contact = await this.get(organizationId, id);
    const [recentCalls] = await this.calls.list(
      organizationId,
      Object.assign(new ListCallsQueryDto(), { contact_id: id, limit: RECENT_CALLS, offset: 0 }),
    );
    return { contact, recentCalls, stats: await this.stats(organizationId, id) };
  }

  /** JSON merge patch; identifiers another contact owns are a 409 naming it. */
  async update(
    organization: OrganizationProfile,
    id: string,
    patch: UpdateContactDto,
  ): Promise<Contact> {
    const organizationId = organization.id;
    const region = organization.defaultRegion;
    const emails =
      patch.emails === undefined ? undefined : normalizeList('emails', patch.emails ?? [], region);
    const phones =
      patch.phones === undefined ? undefined : normalizeList('phones', patch.phones ?? [], region);
    return this.transactions.run(async (manager) => {
      const contact = await this.contacts.lockById(organizationId, id, manager);
      if (!contact) throw AppError.notFound('Contact');
      const before = identifiersOf(contact);
      const after = identifiersOf({
        emails: emails ?? contact.emails,
        phones: phones ?? contact.phones,
      });
      const beforeKeys = new Set(before.map(identifierKey));
      const afterKeys = new Set(after.map(identifierKey));
      const added = after.filter((i) => !beforeKeys.has(identifierKey(i)));
      await this.assertOwnedByNoOther(manager, organizationId, id, added);
      await this.contacts.releaseIdentifiers(
        organizationId,
        id,
        before.filter((i) => !afterKeys.has(identifierKey(i))),
        manager,
      );
      const claimed = await this.contacts.claimIdentifiers(organizationId, id, added, manager);
      // Someone claimed one of them since the check above: name them.
      if (claimed.length < added.length)
        await this.assertOwnedByNoOther(manager, organizationId, id, added);

      if (patch.name !== undefined) contact.name = patch.name;
      if (patch.company !== undefined) contact.company = patch.company;
      if (patch.title !== undefined) contact.title = patch.title;
      if (emails) contact.emails = emails;
      if (phones) contact.phones = phones;
      if (patch.custom_fields !== undefined)
        contact.customFields =
          patch.custom_fields === null
            ? {}
            : (applyMergePatch(contact.customFields, patch.custom_fields) as Record<
                string,
                unknown
              >);
      return this.contacts.save(organizationId, contact, manager);
    });
  }

  /**
   * Creates or links the contact of a call from its upload's `contact` details and sets
   * `calls.contact_id`, in one transaction holding the call's row: a retried job finds
   * the call linked and does nothing. Unusable details (an invalid phone) are dropped.
   */
  async linkCall(organizationId: string, callId: string): Promise<string | null> {
    return this.transactions.run(async (manager) => {
      const call = await this.calls.lockRecord(manager, organizationId, callId);
      if (!call?.contactInput || call.contactId) return call?.contactId ?? null;
      const region = await this.regionOf(manager, organizationId);
      const { email, phone } = call.contactInput;
      const normalizedEmail = email ? normalizeEmail(email) : null;
      const normalizedPhone = phone ? normalizePhone(phone, region) : null;
      const details = {
        name: clean(call.contactInput.name),
        company: clean(call.contactInput.company),
      };
      const ids = identifiersOf({
        emails: normalizedEmail ? [normalizedEmail] : [],
        phones: normalizedPhone ? [normalizedPhone] : [],
      });
      if (ids.length === 0 && !details.name && !details.company) return null;
      const contactId = await this.findOrCreate(manager, organizationId, ids, details);
      await this.calls.saveResults(organizationId, callId, { contactId }, manager);
      return contactId;
    });
  }

  /** In the transaction that completes the call, which runs once per call: counters never count a retry. */
  async countCompletedCall(call: CallRecord, manager: EntityManager): Promise<void> {
    if (!call.contactId) return;
    await this.contacts.countCall(call.organizationId, call.contactId, call.startedAt, manager);
  }

  /**
   * Adds what the contact lacks: emails only when it has none, phones likewise, company
   * when unset. Invalid values and values another contact owns are ignored.
   */
  async fillGaps(
    organizationId: string,
    contactId: string,
    gaps: ContactGaps,
    manager?: EntityManager,
  ): Promise<FilledGaps> {
    if (!manager)
      return this.transactions.run((m) => this.fillGaps(organizationId, contactId, gaps, m));
    const contact = await this.contacts.lockById(organizationId, contactId, manager);
    if (!contact) throw AppError.notFound('Contact');
    const region = await this.regionOf(manager, organizationId);
    const valid = (values: string[] | undefined, normalize: (v: string) => string | null) =>
      (values ?? []).map(normalize).filter((v): v is string => v !== null);
    const wanted = identifiersOf({
      emails: contact.emails.length > 0 ? [] : valid(gaps.emails, normalizeEmail),
      phones: contact.phones.length > 0 ? [] : valid(gaps.phones, (p) => normalizePhone(p, region)),
    });
    const claimed = await this.contacts.claimIdentifiers(
      organizationId,
      contactId,
      wanted,
      manager,
    );
    const company = contact.company === null ? clean(gaps.company) : null;
    await this.addDetails(manager, organizationId, contactId, claimed, { name: null, company });
    return { emails: valuesOf(claimed, 'email'), phones: valuesOf(claimed, 'phone'), company };
  }

  private async findOrCreate(
    manager: EntityManager,
    organizationId: string,
    ids: Identifier[],
    details: ContactDetails,
  ): Promise<string> {
    for (let attempt = 1; attempt <= LINK_ATTEMPTS; attempt++) {
      const owners = await this.contacts.identifierOwners(organizationId, ids, manager);
      // A phone number identifies a person more surely than a shared inbox does.
      const ownerId = [...ids]
        .sort((a, b) => Number(b.kind === 'phone') - Number(a.kind === 'phone'))
        .map((id) => owners.get(identifierKey(id)))
        .find((owner) => owner !== undefined);
      if (ownerId) {
        const free = ids.filter((id) => !owners.has(identifierKey(id)));
        const claimed = await this.contacts.claimIdentifiers(
          organizationId,
          ownerId,
          free,
          manager,
        );
        await this.addDetails(manager, organizationId, ownerId, claimed, details);
        return ownerId;
      }
      const contact = await this.contacts.create(organizationId, details, manager);
      const claimed = await this.contacts.claimIdentifiers(
        organizationId,
        contact.id,
        ids,
        manager,
      );
      if (claimed.length === ids.length) {
        await this.addDetails(manager, organizationId, contact.id, claimed, {
          name: null,
          company: null,
        });
        return contact.id;
      }
      // A concurrent upload created this contact first and has committed: drop ours, link to it.
      await this.contacts.delete(organizationId, contact.id, manager);
    }
    throw new Error(`Could not settle the contact of a call after ${LINK_ATTEMPTS} attempts`);
  }

  /** Appends claimed identifiers and fills an unset name or company, in one atomic update. */
  private async addDetails(
    manager: EntityManager,
    organizationId: string,
    contactId: string,
    claimed: Identifier[],
    details: ContactDetails,
  ): Promise<void> {
    if (claimed.length === 0 && !details.name && !details.company) return;
    await this.contacts.addDetails(
      organizationId,
      contactId,
      { emails: valuesOf(claimed, 'email'), phones: valuesOf(claimed, 'phone') },
      details,
      manager,
    );
  }

  private async assertOwnedByNoOther(
    manager: EntityManager,
    organizationId: string,
    contactId: string,
    ids: Identifier[],
  ): Promise<void> {
    const owners = await this.contacts.identifierOwners(organizationId, ids, manager);
    for (const id of ids) {
      const owner = owners.get(identifierKey(id));
      if (owner && owner !== contactId)
        throw AppError.conflict(`${LABEL[id.kind]} ${id.value} belongs to another contact`, {
          field: FIELD[id.kind],
          value: id.value,
          contact_id: owner,
        });
    }
  }

  private async stats(organizationId: string, contactId: string): Promise<Schemas['ContactStats']> {
    const { calls, totalDurationSeconds, avgQualityScore } = await this.calls.contactStats(
      organizationId,
      contactId,
    );
    return {
      calls,
      total_talk_seconds: Math.round(totalDurationSeconds * 100) / 100,
      avg_quality_score: avgQualityScore === null ? null : Math.round(avgQualityScore * 10) / 10,
    };
  }

  private async regionOf(manager: EntityManager, organizationId: string): Promise<string> {
    return (await this.organizations.defaultRegionOf(organizationId, manager)) ?? 'US';
  }
}
