import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { Contact } from './contact.entity.js';

export type IdentifierKind = 'email' | 'phone';

/**
 * One email or phone number of one contact. The unique index is the de-duplication:
 * whoever inserts a value first owns it, so racing writers cannot create two contacts
 * for the same number (they insert with ON CONFLICT DO NOTHING, then read the owner).
 */
@Entity('contact_identifiers')
@Index('uq_contact_identifiers_org_kind_value', ['organizationId', 'kind', 'value'], {
  unique: true,
})
export class ContactIdentifier {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'text' })
  kind!: IdentifierKind;

  /** Lower-cased email or E.164 phone number. */
  @Column({ type: 'text' })
  value!: string;

  @Index()
  @Column({ name: 'contact_id', type: 'uuid' })
  contactId!: string;

  @ManyToOne(() => Contact, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contact_id' })
  contact?: Contact;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
