import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { OrganizationScopedRepository } from '../../database/organization-scoped.repository.js';
import type { WebhookEvent } from './outbox/webhook-event.entity.js';
import { WebhookDelivery, type WebhookDeliveryStatus } from './webhook-delivery.entity.js';
import type { WebhookEndpoint } from './webhook-endpoint.entity.js';

export type NewWebhookDelivery = Pick<
  WebhookDelivery,
  'endpointId' | 'eventId' | 'eventType' | 'seriesKey' | 'attempt' | 'scheduledFor'
> &
  Partial<Pick<WebhookDelivery, 'id' | 'inFlightUntil'>>;

export type DeliveryOutcome = Pick<
  WebhookDelivery,
  'status' | 'responseStatus' | 'durationMs' | 'responseBodyExcerpt' | 'error' | 'inFlightUntil'
> &
  Partial<Pick<WebhookDelivery, 'nextRetryAt'>>;

/** A pending attempt a worker leased, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  attempt: number;
  seriesKey: string;
  organizationId: string;
  failingSince: Date | null;
  endpoint: Pick<
    WebhookEndpoint,
    'id' | 'url' | 'secretEncrypted' | 'previousSecretEncrypted' | 'previousSecretExpiresAt'
  >;
  event: Pick<WebhookEvent, 'id' | 'type' | 'payload'>;
}

/** Why a queued attempt was not claimed. */
export interface QueuedAttemptState {
  status: WebhookDeliveryStatus;
  /** Another worker holds it. */
  leased: boolean | null;
  endpointEnabled: boolean;
}

interface ClaimedRow {
  id: string;
  attempt: number;
  series_key: string;
  organization_id: string;
  url: string;
  secret_encrypted: string;
  previous_secret_encrypted: string | null;
  previous_secret_expires_at: Date | null;
  failing_since: Date | null;
  event_id: string;
  event_type: WebhookEvent['type'];
  payload: WebhookEvent['payload'];
}

/**
 * The delivery log, one row per attempt. Besides the organization's own reads and writes, it
 * serves the queue: a deliver job and a fan-out job name their delivery or event by id only, so
 * those methods are not scoped (they say so), and the sweep works across organizations.
 */
@Injectable()
export class WebhookDeliveryRepository extends OrganizationScopedRepository<WebhookDelivery> {
  constructor(@InjectRepository(WebhookDelivery) repository: Repository<WebhookDelivery>) {
    super(repository);
  }

  /** An endpoint's log, newest first. */
  findPageForEndpoint(
    organizationId: string,
    endpointId: string,
    page: { status?: WebhookDeliveryStatus; limit: number; offset: number },
    manager?: EntityManager,
  ): Promise<[WebhookDelivery[], number]> {
    return this.repo(manager).findAndCount({
      where: this.scoped(organizationId, {
        endpointId,
        ...(page.status ? { status: page.status } : {}),
      }),
      order: { createdAt: 'DESC', attempt: 'DESC', id: 'DESC' },
      take: page.limit,
      skip: page.offset,
    });
  }

  findForEndpoint(
    organizationId: string,
    endpointId: string,
    id: string,
    manager?: EntityManager,
  ): Promise<WebhookDelivery | null> {
    return this.repo(manager).findOneBy(this.scoped(organizationId, { endpointId, id }));
  }

  /** A pending attempt, with no outcome yet. */
  create(
    organizationId: string,
    delivery: NewWebhookDelivery,
    manager?: EntityManager,
  ): Promise<WebhookDelivery> {
    const repository = this.repo(manager);
    return repository.save(
      repository.create({
        status: 'pending',
        responseStatus: null,
        durationMs: null,
        responseBodyExcerpt: null,
        error: null,
        nextRetryAt: null,
        inFlightUntil: null,
        ...delivery,
        organizationId,
      }),
    );
  }

  async recordOutcome(
    organizationId: string,
    id: string,
    outcome: DeliveryOutcome,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repo(manager).update(this.scoped(organizationId, { id }), outcome);
  }

  /**
   * The next attempt of a series; null when a retry of the same attempt already wrote it (the
   * series and attempt are unique).
   */
  async insertNextAttempt(
    organizationId: string,
    delivery: NewWebhookDelivery,
    manager?: EntityManager,
  ): Promise<string | null> {
    const inserted = await this.repo(manager)
      .createQueryBuilder()
      .insert()
      .values({ ...delivery, organizationId, status: 'pending' })
      .orIgnore()
      .returning(['id'])
      .execute();
    return (inserted.raw as { id: string }[])[0]?.id ?? null;
  }

  /**
   * Not scoped (a deliver job names its attempt by id): leases the attempt if it is still
   * pending, its endpoint enabled and below `inFlightLimit` attempts in flight, in one statement.
   */
  async claimQueuedAttempt(
    id: string,
    endpointId: string,
    leaseMs: number,
    inFlightLimit: number,
  ): Promise<ClaimedDelivery | null> {
    const [[row]] = (await this.repo().query(
      `UPDATE webhook_deliveries d SET in_flight_until = now() + $3 * interval '1 millisecond'
         FROM webhook_endpoints endpoint, webhook_events event
        WHERE d.id = $1 AND d.endpoint_id = $2
          AND endpoint.id = d.endpoint_id AND event.id = d.event_id
          AND d.status = 'pending' AND (d.in_flight_until IS NULL OR d.in_flight_until < now())
          AND endpoint.enabled
          AND (SELECT count(*) FROM webhook_deliveries f
                WHERE f.endpoint_id = d.endpoint_id AND f.in_flight_until > now()) < $4
        RETURNING d.id, d.attempt, d.series_key, endpoint.organization_id, endpoint.url,
                  endpoint.secret_encrypted, endpoint.previous_secret_encrypted,
                  endpoint.previous_secret_expires_at, endpoint.failing_since,
                  event.id AS event_id, event.type AS event_type, event.payload`,
      [id, endpointId, leaseMs, inFlightLimit],
    )) as [ClaimedRow[], number];
    return row ? toClaimedDelivery(row, endpointId) : null;
  }

  /** Not scoped (a deliver job names its attempt by id). */
  async findQueuedAttemptState(id: string): Promise<QueuedAttemptState | null> {
    const [state] = (await this.repo().query(
      `SELECT d.status, d.in_flight_until > now() AS leased, endpoint.enabled AS "endpointEnabled"
         FROM webhook_deliveries d JOIN webhook_endpoints endpoint ON endpoint.id = d.endpoint_id
        WHERE d.id = $1`,
      [id],
    )) as QueuedAttemptState[];
    return state ?? null;
  }

  /** Not scoped (a deliver job names its attempt by id). Ends the attempt if still pending. */
  async failQueuedAttempt(id: string, error: string): Promise<void> {
    await this.repo().update(
      { id, status: 'pending' },
      { status: 'failed', error, inFlightUntil: null },
    );
  }

  /** Not scoped (a deliver job names its attempt by id). Moves a pending attempt's due time. */
  async postponeQueuedAttempt(id: string, delayMs: number): Promise<void> {
    await this.repo().query(
      `UPDATE webhook_deliveries SET scheduled_for = now() + $2 * interval '1 millisecond'
        WHERE id = $1 AND status = 'pending'`,
      [id, delayMs],
    );
  }

  /**
   * Not scoped by a parameter (a fan-out job names its event by id): the first attempt of the
   * event's delivery to each of its recipients still enabled, all in the event's organization.
   * Attempts that exist already are left as they are.
   */
  async insertFirstAttemptsOfEvent(eventId: string): Promise<void> {
    await this.repo().query(
      `INSERT INTO webhook_deliveries
              (organization_id, endpoint_id, event_id, event_type, series_key, attempt, status, scheduled_for)
       SELECT endpoint.organization_id, endpoint.id, event.id, event.type,
              event.id || ':' || endpoint.id, 1, 'pending', now()
         FROM webhook_events event
         JOIN webhook_endpoints endpoint
           ON endpoint.organization_id = event.organization_id
          AND endpoint.id = ANY(event.recipient_endpoint_ids)
          AND endpoint.enabled
        WHERE event.id = $1
       ON CONFLICT (series_key, attempt) DO NOTHING`,
      [eventId],
    );
  }

  /** Not scoped (a fan-out job names its event by id): the event's first attempts not yet taken. */
  async findUntakenFirstAttemptsOfEvent(
    eventId: string,
  ): Promise<{ id: string; endpointId: string }[]> {
    return (await this.repo().query(
      `SELECT id, endpoint_id AS "endpointId" FROM webhook_deliveries
        WHERE event_id = $1 AND attempt = 1 AND series_key = event_id || ':' || endpoint_id
          AND status = 'pending' AND in_flight_until IS NULL`,
      [eventId],
    )) as { id: string; endpointId: string }[];
  }

  /**
   * Across organizations, for the sweep: pending attempts overdue by half a minute and not
   * leased (or whose lease ran out), most overdue first.
   */
  async findOverduePendingAcrossOrganizations(
    limit: number,
    manager?: EntityManager,
  ): Promise<{ id: string; endpointId: string }[]> {
    return (await this.repo(manager).query(
      `SELECT id, endpoint_id AS "endpointId" FROM webhook_deliveries
        WHERE status = 'pending' AND scheduled_for < now() - interval '30 seconds'
          AND (in_flight_until IS NULL OR in_flight_until < now())
        ORDER BY scheduled_for LIMIT $1`,
      [limit],
    )) as { id: string; endpointId: string }[];
  }
}

function toClaimedDelivery(row: ClaimedRow, endpointId: string): ClaimedDelivery {
  return {
    id: row.id,
    attempt: row.attempt,
    seriesKey: row.series_key,
    organizationId: row.organization_id,
    failingSince: row.failing_since,
    endpoint: {
      id: endpointId,
      url: row.url,
      secretEncrypted: row.secret_encrypted,
      previousSecretEncrypted: row.previous_secret_encrypted,
      previousSecretExpiresAt: row.previous_secret_expires_at,
    },
    event: { id: row.event_id, type: row.event_type, payload: row.payload },
  };
}
