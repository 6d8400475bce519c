import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { WebhookEvent } from './outbox/webhook-event.entity.js';
import type { WebhookEventType } from './outbox/webhook-event.types.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/**
 * One attempt to deliver an event to an endpoint: the delivery log. The row of an attempt is
 * written when the attempt is scheduled (`pending`) and completed with its outcome; a failed
 * attempt with a retry left schedules the next attempt's row.
 */
@Entity('webhook_deliveries')
// One row per attempt of a series: a fan-out or retry that runs twice cannot send twice.
@Index('uq_webhook_deliveries_series_attempt', ['seriesKey', 'attempt'], { unique: true })
@Index('idx_webhook_deliveries_endpoint_created', ['endpointId', 'createdAt'])
// The sweep looks for due attempts whose job was lost.
@Index('idx_webhook_deliveries_due', ['scheduledFor'], { where: "status = 'pending'" })
// Counting an endpoint's attempts in flight, for its concurrency limit.
@Index('idx_webhook_deliveries_in_flight', ['endpointId'], {
  where: 'in_flight_until IS NOT NULL',
})
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id' })
  endpoint?: WebhookEndpoint;

  @Column({ name: 'endpoint_id', type: 'uuid' })
  endpointId!: string;

  @ManyToOne(() => WebhookEvent, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event?: WebhookEvent;

  @Index()
  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: WebhookEventType;

  /**
   * What the attempts of one delivery share: `<event>:<endpoint>` for the automatic delivery,
   * `<event>:<endpoint>:<first attempt id>` for a redelivery asked for by hand.
   */
  @Column({ name: 'series_key', type: 'text' })
  seriesKey!: string;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ type: 'text', default: 'pending' })
  status!: WebhookDeliveryStatus;

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs!: number | null;

  /** The first 2 KB of the receiver's answer. */
  @Column({ name: 'response_body_excerpt', type: 'text', nullable: true })
  responseBodyExcerpt!: string | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  /** When the next attempt is due after this one failed; null when none follows. */
  @Column({ name: 'next_retry_at', type: 'timestamptz', nullable: true })
  nextRetryAt!: Date | null;

  /** When this attempt is due. */
  @Column({ name: 'scheduled_for', type: 'timestamptz' })
  scheduledFor!: Date;

  /** A worker's lease while it sends this attempt; it expires if the worker dies. */
  @Column({ name: 'in_flight_until', type: 'timestamptz', nullable: true })
  inFlightUntil!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
