import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { TenantOwnedEntity } from '../../common/entities/tenant-owned.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import type { WebhookEventType } from './outbox/webhook-event.types.js';

/** An event type, or `*` for every event. */
export type WebhookSubscription = WebhookEventType | '*';

@Entity('webhook_endpoints')
export class WebhookEndpoint extends TenantOwnedEntity {
  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: Organization;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text', array: true })
  events!: WebhookSubscription[];

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** Set when the server disabled the endpoint (410 Gone, or failing for 5 days). */
  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason!: string | null;

  /** The signing secret, sealed with SecretBox (context: the endpoint id). */
  @Column({ name: 'secret_encrypted', type: 'text' })
  secretEncrypted!: string;

  /** The secret before the last rotation; it keeps signing until previousSecretExpiresAt. */
  @Column({ name: 'previous_secret_encrypted', type: 'text', nullable: true })
  previousSecretEncrypted!: string | null;

  @Column({ name: 'previous_secret_expires_at', type: 'timestamptz', nullable: true })
  previousSecretExpiresAt!: Date | null;

  /** The first failed attempt since the last success; null while deliveries succeed. */
  @Column({ name: 'failing_since', type: 'timestamptz', nullable: true })
  failingSince!: Date | null;
}
