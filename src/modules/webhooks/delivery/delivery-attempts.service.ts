import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import type { DeliverJob } from '../jobs/deliver.job.js';
import { WebhookDelivery } from '../webhook-delivery.entity.js';
import type { WebhookEvent } from '../outbox/webhook-event.entity.js';
import { planAfterAttempt, type AttemptPlan } from './attempt-plan.js';
import { DeliveryQueue } from './delivery-queue.service.js';
import {
  EndpointSender,
  type SendableEndpoint,
  type SendableEvent,
} from './endpoint-sender.service.js';
import { parseRetrySchedule } from './retry-schedule.js';
import { WEBHOOK_TIMEOUT_MS, type WebhookAttemptResult } from './webhook-sender.js';

/** Attempts in flight to one endpoint at a time: a slow receiver holds at most this many workers. */
export const ENDPOINT_IN_FLIGHT_LIMIT = 10;
/** How long a worker holds an attempt; past it (the worker died) the sweep hands it out again. */
export const DELIVERY_LEASE_MS = WEBHOOK_TIMEOUT_MS + 45_000;
const MAX_DEFERRAL_MS = 20_000;

interface ClaimedAttempt {
  id: string;
  attempt: number;
  seriesKey: string;
  organizationId: string;
  failingSince: Date | null;
  endpoint: SendableEndpoint;
  event: SendableEvent & { type: string };
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
  event_type: string;
  payload: WebhookEvent['payload'];
}

type Claim = { kind: 'none' } | { kind: 'busy' } | { kind: 'claimed'; attempt: ClaimedAttempt };

/** One delivery attempt from queue to log: claim it, send it, record it, schedule the next one. */
@Injectable()
export class DeliveryAttempts {
  private readonly logger = new Logger(DeliveryAttempts.name);
  private readonly schedule: readonly number[];
  /** Per endpoint, the tail of this process's claims: they run one at a time. */
  private readonly claiming = new Map<string, Promise<unknown>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sender: EndpointSender,
    private readonly queue: DeliveryQueue,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.schedule = parseRetrySchedule(config.get('WEBHOOK_RETRY_SCHEDULE', { infer: true }));
  }

  /**
   * Never throws: an unexpected error (the database went away) leaves the attempt `pending` for
   * the sweep, because a failed Bull job would keep its id and block the sweep from re-queueing it.
   */
  async run(job: DeliverJob): Promise<void> {
    try {
      await this.attempt(job);
    } catch (err) {
      this.logger.warn(`Delivery ${job.deliveryId} interrupted: ${(err as Error).message}`);
    }
  }

  private async attempt(job: DeliverJob): Promise<void> {
    const claim = await this.oneAtATime(job.endpointId, () => this.claim(job));
    if (claim.kind === 'busy') return this.defer(job);
    if (claim.kind === 'none') return;
    const { attempt } = claim;
    const result = await this.sender.send(attempt.endpoint, attempt.event);
    const next = await this.record(attempt, job.endpointId, result);
    if (next) {
      await this.queue.enqueue({ deliveryId: next.id, endpointId: job.endpointId }, next.delayMs);
    }
  }

  /**
   * Takes the attempt if it is still pending, its endpoint enabled and below its in-flight limit,
   * in one statement. Claims for one endpoint are serialised in this process, so the limit holds
   * exactly within a process; across worker processes it can be overrun only by claims landing
   * in the same instant.
   */
  private async claim(job: DeliverJob): Promise<Claim> {
    const [[row]] = (await this.dataSource.query(
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
      [job.deliveryId, job.endpointId, DELIVERY_LEASE_MS, ENDPOINT_IN_FLIGHT_LIMIT],
    )) as [ClaimedRow[], number];
    if (row) return { kind: 'claimed', attempt: toClaimedAttempt(row, job.endpointId) };
    return this.whyNotClaimed(job);
  }

  private async whyNotClaimed(job: DeliverJob): Promise<Claim> {
    const [state] = (await this.dataSource.query(
      `SELECT d.status, d.in_flight_until > now() AS leased, endpoint.enabled
         FROM webhook_deliveries d JOIN webhook_endpoints endpoint ON endpoint.id = d.endpoint_id
        WHERE d.id = $1`,
      [job.deliveryId],
    )) as { status: string; leased: boolean | null; enabled: boolean }[];
    if (!state || state.status !== 'pending' || state.leased) return { kind: 'none' };
    if (!state.enabled) {
      await this.dataSource
        .getRepository(WebhookDelivery)
        .update(
          { id: job.deliveryId, status: 'pending' },
          { status: 'failed', error: 'The endpoint is disabled.', inFlightUntil: null },
        );
      return { kind: 'none' };
    }
    return { kind: 'busy' };
  }

  /** Waits grow with every deferral (up to 20 s, jittered) so a backlog for a slow endpoint stays cheap. */
  private async defer(job: DeliverJob): Promise<void> {
    const deferrals = (job.deferrals ?? 0) + 1;
    const ceiling = Math.min(MAX_DEFERRAL_MS, 250 * 2 ** deferrals);
    const delayMs = Math.round(ceiling * (0.5 + Math.random() / 2));
    // Moving the due time keeps the sweep from queueing the attempt again while it waits its turn.
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET scheduled_for = now() + $2 * interval '1 millisecond'
        WHERE id = $1 AND status = 'pending'`,
      [job.deliveryId, delayMs],
    );
    await this.queue.enqueue(
      { ...job, deferrals },
      delayMs,
      `${job.deliveryId}:deferred:${deferrals}`,
    );
  }

  /** Logs the outcome, updates the endpoint's health and writes the next attempt's row, at once. */
  private async record(
    attempt: ClaimedAttempt,
    endpointId: string,
    result: WebhookAttemptResult,
  ): Promise<{ id: string; delayMs: number } | null> {
    const now = new Date();
    const plan = planAfterAttempt({
      result,
      attempt: attempt.attempt,
      schedule: this.schedule,
      failingSince: attempt.failingSince,
      now,
    });
    const outcome = {
      status: plan.status,
      responseStatus: result.status,
      durationMs: result.durationMs,
      responseBodyExcerpt: result.responseExcerpt,
      error: result.error ?? null,
      nextRetryAt: plan.nextRetryAt,
      inFlightUntil: null,
    };
    // The common case, a success on a healthy endpoint, is one statement.
    if (plan.status === 'succeeded' && attempt.failingSince === null) {
      await this.dataSource.getRepository(WebhookDelivery).update({ id: attempt.id }, outcome);
      return null;
    }
    return this.dataSource.transaction(async (manager) => {
      await this.updateEndpointHealth(manager, endpointId, plan);
      await manager.update(WebhookDelivery, { id: attempt.id }, outcome);
      if (!plan.nextRetryAt) return null;
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(WebhookDelivery)
        .values({
          organizationId: attempt.organizationId,
          endpointId,
          eventId: attempt.event.id,
          eventType: attempt.event.type as WebhookDelivery['eventType'],
          seriesKey: attempt.seriesKey,
          attempt: attempt.attempt + 1,
          status: 'pending',
          scheduledFor: plan.nextRetryAt,
        })
        .orIgnore()
        .returning(['id'])
        .execute();
      const id = (inserted.raw as { id: string }[])[0]?.id;
      return id ? { id, delayMs: plan.nextRetryAt.getTime() - now.getTime() } : null;
    });
  }

  /** Conditional updates, because other attempts to the same endpoint finish concurrently. */
  private async updateEndpointHealth(
    manager: EntityManager,
    endpointId: string,
    plan: AttemptPlan,
  ): Promise<void> {
    if (plan.disableReason) {
      this.logger.warn(`Webhook endpoint ${endpointId} disabled: ${plan.disableReason}`);
      await manager.query(
        `UPDATE webhook_endpoints
            SET enabled = false, disabled_reason = $2, failing_since = $3, updated_at = now()
          WHERE id = $1 AND enabled`,
        [endpointId, plan.disableReason, plan.failingSince],
      );
    } else if (plan.failingSince === null) {
      await manager.query(
        `UPDATE webhook_endpoints SET failing_since = NULL
          WHERE id = $1 AND failing_since IS NOT NULL`,
        [endpointId],
      );
    } else {
      await manager.query(
        `UPDATE webhook_endpoints SET failing_since = $2 WHERE id = $1 AND failing_since IS NULL`,
        [endpointId, plan.failingSince],
      );
    }
  }

  private async oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
    const run = (this.claiming.get(key) ?? Promise.resolve()).then(task, task);
    const tail = run.catch(() => undefined);
    this.claiming.set(key, tail);
    try {
      return await run;
    } finally {
      if (this.claiming.get(key) === tail) this.claiming.delete(key);
    }
  }
}

function toClaimedAttempt(row: ClaimedRow, endpointId: string): ClaimedAttempt {
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
