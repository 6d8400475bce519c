import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, EntitySubscriberInterface, Repository } from 'typeorm';
import { OrganizationScopedRepository } from '../../../database/organization-scoped.repository.js';
import { WebhookEvent } from './webhook-event.entity.js';

export type NewWebhookEvent = Pick<
  WebhookEvent,
  'id' | 'type' | 'payload' | 'createdAt' | 'recipientEndpointIds'
> &
  /** Set for an event that nothing is left to do for (no recipients): no dispatcher or fan-out takes it. */
  Partial<Pick<WebhookEvent, 'dispatchedAt' | 'fannedOutAt'>>;

/**
 * The outbox table. Its dispatcher and sweeps serve every organization, so their methods say
 * `AcrossOrganizations`; the fan-out job names its event by id only.
 */
@Injectable()
export class WebhookEventRepository extends OrganizationScopedRepository<WebhookEvent> {
  constructor(@InjectRepository(WebhookEvent) repository: Repository<WebhookEvent>) {
    super(repository);
  }

  /**
   * Writes the events in one statement, in the caller's transaction (no read first, as `save`
   * does); OutboxCommitSubscriber sees each insert.
   */
  async insertMany(
    organizationId: string,
    events: readonly NewWebhookEvent[],
    manager?: EntityManager,
  ): Promise<WebhookEvent[]> {
    const repository = this.repo(manager);
    const rows = events.map((event) =>
      repository.create({
        dispatchedAt: null,
        fannedOutAt: null,
        ...event,
        organizationId,
      }),
    );
    if (rows.length > 0) await repository.insert(rows);
    return rows;
  }

  /** For an event delivered where it is recorded: no dispatcher, fan-out or sweep is to take it. */
  async markFannedOut(
    organizationId: string,
    id: string,
    at: Date,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repo(manager).update(this.scoped(organizationId, { id }), {
      dispatchedAt: at,
      fannedOutAt: at,
    });
  }

  /**
   * The event's deliveries are all created and queued. Not scoped: the fan-out job names its
   * event by id only.
   */
  async completeFanOut(eventId: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).query(
      `UPDATE webhook_events SET fanned_out_at = now() WHERE id = $1 AND fanned_out_at IS NULL`,
      [eventId],
    );
  }

  /**
   * Across organizations, for the dispatcher: the oldest undispatched events, locked for the
   * caller's transaction. Rows locked by another dispatcher are skipped, not awaited.
   */
  async lockUndispatchedAcrossOrganizations(
    limit: number,
    manager: EntityManager,
  ): Promise<string[]> {
    const rows = (await this.repo(manager).query(
      `SELECT id FROM webhook_events WHERE dispatched_at IS NULL
        ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }

  /** Across organizations, for the dispatcher: the events whose fan-out job was queued. */
  async markDispatchedAcrossOrganizations(ids: string[], manager: EntityManager): Promise<void> {
    await this.repo(manager).query(
      `UPDATE webhook_events SET dispatched_at = now() WHERE id = ANY($1)`,
      [ids],
    );
  }

  /**
   * Across organizations, for the lost fan-out sweep: events dispatched more than `minutes` ago
   * and still not fanned out, oldest first.
   */
  async findNotFannedOutAcrossOrganizations(
    minutes: number,
    limit: number,
    manager: EntityManager,
  ): Promise<string[]> {
    const rows = (await this.repo(manager).query(
      `SELECT id FROM webhook_events
        WHERE dispatched_at IS NOT NULL AND fanned_out_at IS NULL
          AND dispatched_at < now() - make_interval(mins => $1)
        ORDER BY dispatched_at LIMIT $2`,
      [minutes, limit],
    )) as { id: string }[];
    return rows.map((row) => row.id);
  }

  /** Registers a TypeORM subscriber of this table's writes with the connection. */
  addSubscriber(subscriber: EntitySubscriberInterface<WebhookEvent>): void {
    this.repo().manager.connection.subscribers.push(subscriber);
  }
}
