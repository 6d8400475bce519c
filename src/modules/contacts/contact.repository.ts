import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, Repository } from 'typeorm';
import { OrganizationScopedRepository } from '../../database/organization-scoped.repository.js';
import { ContactIdentifier } from './contact-identifier.entity.js';
import { Identifier, identifierKey } from './contact-identity.js';
import { Contact } from './contact.entity.js';

/** What the contact list filters on, already normalized by the service. */
export interface ContactListFilter {
  /** A prefix of the name, company, an email or (as `phonePrefixes`, E.164) a phone number. */
  search?: { text: string; phonePrefixes: string[] };
  /** Lower-cased. */
  email?: string;
  /** E.164. */
  phone?: string;
  limit: number;
  offset: number;
}

/** Details a contact is created with, or that fill its unset fields. */
export interface ContactDetails {
  name: string | null;
  company: string | null;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/**
 * The contact aggregate: `contacts` and the `contact_identifiers` rows that make each email and
 * phone number unique within the organization.
 */
@Injectable()
export class ContactRepository extends OrganizationScopedRepository<Contact> {
  constructor(
    @InjectRepository(Contact) repository: Repository<Contact>,
    @InjectRepository(ContactIdentifier)
    private readonly identifierRepository: Repository<ContactIdentifier>,
  ) {
    super(repository);
  }

  /** A page of the organization's contacts, most recently called first. */
  list(organizationId: string, filter: ContactListFilter): Promise<[Contact[], number]> {
    const identifierOwners = (condition: string) =>
      `contact.id IN (SELECT ci.contact_id FROM contact_identifiers ci WHERE ci.organization_id = :organizationId AND ${condition})`;
    const qb = this.repo()
      .createQueryBuilder('contact')
      .where('contact.organization_id = :organizationId', { organizationId });
    if (filter.search) {
      const prefix = `${escapeLike(filter.search.text)}%`;
      qb.andWhere(
        `(contact.name ILIKE :prefix OR contact.company ILIKE :prefix OR ${identifierOwners(
          "((ci.kind = 'email' AND ci.value LIKE :emailPrefix) OR (ci.kind = 'phone' AND ci.value LIKE ANY(:phonePrefixes)))",
        )})`,
        {
          prefix,
          emailPrefix: `${escapeLike(filter.search.text.toLowerCase())}%`,
          phonePrefixes: filter.search.phonePrefixes.map((p) => `${p}%`),
        },
      );
    }
    if (filter.email)
      qb.andWhere(identifierOwners("ci.kind = 'email' AND ci.value = :email"), {
        email: filter.email,
      });
    if (filter.phone)
      qb.andWhere(identifierOwners("ci.kind = 'phone' AND ci.value = :phone"), {
        phone: filter.phone,
      });
    return qb
      .orderBy('contact.last_call_at', 'DESC', 'NULLS LAST')
      .addOrderBy('contact.id', 'DESC')
      .take(filter.limit)
      .skip(filter.offset)
      .getManyAndCount();
  }

  /**
   * SQL of a column for another module's query: the contact whose id is the SQL expression
   * `contactIdSql`, within the organization whose id is the SQL expression `organizationIdSql`
   * (column references of that query, never values), as json `{id, name}`; NULL when that
   * organization has no such contact.
   */
  refColumn(organizationIdSql: string, contactIdSql: string): string {
    return `(SELECT json_build_object('id', contact_ref.id, 'name', contact_ref.name)
               FROM contacts contact_ref
              WHERE contact_ref.id = ${contactIdSql} AND contact_ref.organization_id = ${organizationIdSql})`;
  }

  findById(organizationId: string, id: string, manager?: EntityManager): Promise<Contact | null> {
    return this.repo(manager).findOneBy(this.scoped(organizationId, { id }));
  }

  /**
   * The contact, locked until `manager`'s transaction ends. Not FOR UPDATE: identifier inserts
   * hold KEY SHARE on their contact and must not wait on us.
   */
  lockById(organizationId: string, id: string, manager: EntityManager): Promise<Contact | null> {
    return this.repo(manager).findOne({
      where: this.scoped(organizationId, { id }),
      lock: { mode: 'for_no_key_update' },
    });
  }

  /** Stores the changes made to a contact read from this organization. */
  async save(organizationId: string, contact: Contact, manager?: EntityManager): Promise<Contact> {
    if (contact.organizationId !== organizationId)
      throw new Error(`Contact ${contact.id} is not of organization ${organizationId}`);
    return this.repo(manager).save(contact);
  }

  create(
    organizationId: string,
    details: ContactDetails,
    manager?: EntityManager,
  ): Promise<Contact> {
    const repo = this.repo(manager);
    return repo.save(repo.create({ organizationId, ...details, title: null }));
  }

  async delete(organizationId: string, id: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).delete(this.scoped(organizationId, { id }));
  }

  /** One more completed call that started at `startedAt`. */
  async countCall(
    organizationId: string,
    id: string,
    startedAt: Date,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repo(manager)
      .createQueryBuilder()
      .update(Contact)
      .set({
        callCount: () => 'call_count + 1',
        // LEAST and GREATEST skip NULLs: the first call sets both.
        firstCallAt: () => 'LEAST(first_call_at, :startedAt)',
        lastCallAt: () => 'GREATEST(last_call_at, :startedAt)',
      })
      .where('id = :id AND organization_id = :organizationId', { id, organizationId })
      .setParameter('startedAt', startedAt)
      .execute();
  }

  /** Appends identifiers (claimed first) and fills an unset name or company, in one atomic update. */
  async addDetails(
    organizationId: string,
    id: string,
    added: { emails: string[]; phones: string[] },
    details: ContactDetails,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repo(manager)
      .createQueryBuilder()
      .update(Contact)
      .set({
        emails: () => 'emails || CAST(:emails AS text[])',
        phones: () => 'phones || CAST(:phones AS text[])',
        name: () => 'COALESCE(name, CAST(:name AS text))',
        company: () => 'COALESCE(company, CAST(:company AS text))',
      })
      .where('id = :id AND organization_id = :organizationId', { id, organizationId })
      .setParameters({ ...added, ...details })
      .execute();
  }

  /** Who owns each of `ids` now (committed rows included, so call it after an insert that lost a race). */
  async identifierOwners(
    organizationId: string,
    ids: Identifier[],
    manager?: EntityManager,
  ): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.identifiers(manager)
      .createQueryBuilder('ci')
      .select(['ci.kind', 'ci.value', 'ci.contactId'])
      .where('ci.organization_id = :organizationId', { organizationId })
      .andWhere(
        new Brackets((qb) =>
          qb
            .where("ci.kind = 'email' AND ci.value = ANY(:emails)", {
              emails: ids.filter((id) => id.kind === 'email').map((id) => id.value),
            })
            .orWhere("ci.kind = 'phone' AND ci.value = ANY(:phones)", {
              phones: ids.filter((id) => id.kind === 'phone').map((id) => id.value),
            }),
        ),
      )
      .getMany();
    return new Map(rows.map((row) => [identifierKey(row), row.contactId]));
  }

  /**
   * Gives `contactId` every identifier nobody owns, by INSERT … ON CONFLICT DO NOTHING on the
   * unique index; returns the ones it got. A concurrent insert of the same value waits for the
   * other transaction and then yields to it.
   */
  async claimIdentifiers(
    organizationId: string,
    contactId: string,
    ids: Identifier[],
    manager?: EntityManager,
  ): Promise<Identifier[]> {
    if (ids.length === 0) return [];
    const result = await this.identifiers(manager)
      .createQueryBuilder()
      .insert()
      .into(ContactIdentifier)
      .values(ids.map(({ kind, value }) => ({ organizationId, contactId, kind, value })))
      .orIgnore()
      .returning(['kind', 'value'])
      .updateEntity(false)
      .execute();
    return result.raw as Identifier[];
  }

  async releaseIdentifiers(
    organizationId: string,
    contactId: string,
    ids: Identifier[],
    manager?: EntityManager,
  ): Promise<void> {
    for (const kind of ['email', 'phone'] as const) {
      const values = ids.filter((id) => id.kind === kind).map((id) => id.value);
      if (values.length === 0) continue;
      await this.identifiers(manager)
        .createQueryBuilder()
        .delete()
        .from(ContactIdentifier)
        .where('organization_id = :organizationId AND contact_id = :contactId', {
          organizationId,
          contactId,
        })
        .andWhere('kind = :kind AND value = ANY(:values)', { kind, values })
        .execute();
    }
  }

  private identifiers(manager?: EntityManager): Repository<ContactIdentifier> {
    return manager ? manager.getRepository(ContactIdentifier) : this.identifierRepository;
  }
}
