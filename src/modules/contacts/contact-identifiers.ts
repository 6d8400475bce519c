import { Brackets, EntityManager } from 'typeorm';
import { ContactIdentifier } from './contact-identifier.entity.js';
import { Identifier, identifierKey } from './contact-identity.js';

/** Who owns each of `ids` now (committed rows included, so call it after an insert that lost a race). */
export async function ownersOf(
  manager: EntityManager,
  organizationId: string,
  ids: Identifier[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await manager
    .getRepository(ContactIdentifier)
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
export async function claimIdentifiers(
  manager: EntityManager,
  organizationId: string,
  contactId: string,
  ids: Identifier[],
): Promise<Identifier[]> {
  if (ids.length === 0) return [];
  const result = await manager
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

export async function releaseIdentifiers(
  manager: EntityManager,
  organizationId: string,
  contactId: string,
  ids: Identifier[],
): Promise<void> {
  for (const kind of ['email', 'phone'] as const) {
    const values = ids.filter((id) => id.kind === kind).map((id) => id.value);
    if (values.length === 0) continue;
    await manager
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
