import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Schemas } from '../../../common/http/openapi-types.js';
import type { WebhookEventRecord, WebhookEventType } from './webhook-event.types.js';

/**
 * The transactional outbox: an event row is written in the same transaction as the change
 * it reports, so an event exists exactly when its change committed. The dispatcher turns
 * undispatched rows into queue jobs.
 */
@Entity('webhook_events')
@Index('idx_webhook_events_undispatched', ['createdAt'], { where: 'dispatched_at IS NULL' })
@Index('idx_webhook_events_not_fanned_out', ['dispatchedAt'], {
  where: 'dispatched_at IS NOT NULL AND fanned_out_at IS NULL',
})
export class WebhookEvent implements WebhookEventRecord {
  /** `evt_` + 24 hex characters: the `webhook-id` receivers de-duplicate by. */
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Index()
  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ type: 'text' })
  type!: WebhookEventType;

  /** The whole payload as delivered: {id, type, timestamp, organization_id, data}. */
  @Column({ type: 'jsonb' })
  payload!: Schemas['WebhookEvent'];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /**
   * The endpoints enabled and subscribed to the event when it was recorded, in the recording
   * transaction: the fan-out delivers to these only (those still enabled), however late it runs.
   */
  @Column({ name: 'recipient_endpoint_ids', type: 'uuid', array: true })
  recipientEndpointIds!: string[];

  /** When its fan-out job was queued. */
  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt!: Date | null;

  /** When its deliveries were all created and queued: until then the event is not safe. */
  @Column({ name: 'fanned_out_at', type: 'timestamptz', nullable: true })
  fannedOutAt!: Date | null;
}
