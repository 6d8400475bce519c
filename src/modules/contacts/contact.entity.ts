import { Column, Entity, Index } from 'typeorm';
import { TenantOwnedEntity } from '../../common/entities/tenant-owned.entity.js';
import type { ContactRecord } from './contact.types.js';

/**
 * The other party of calls. `emails` and `phones` mirror the contact's rows in
 * contact_identifiers, which is what makes them unique within the organization.
 */
@Entity('contacts')
@Index('idx_contacts_org_last_call', ['organizationId', 'lastCallAt', 'id'])
export class Contact extends TenantOwnedEntity implements ContactRecord {
  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ type: 'text', nullable: true })
  company!: string | null;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  /** Lower-cased. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  emails!: string[];

  /** E.164. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  phones!: string[];

  @Column({ name: 'custom_fields', type: 'jsonb', default: () => "'{}'" })
  customFields!: Record<string, unknown>;

  /** Completed calls; kept by the completion participant so a retried job never counts twice. */
  @Column({ name: 'call_count', type: 'integer', default: 0 })
  callCount!: number;

  @Column({ name: 'first_call_at', type: 'timestamptz', nullable: true })
  firstCallAt!: Date | null;

  @Column({ name: 'last_call_at', type: 'timestamptz', nullable: true })
  lastCallAt!: Date | null;
}
