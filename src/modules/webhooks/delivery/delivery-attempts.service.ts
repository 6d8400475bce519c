import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import { Transactions } from '../../../database/transactions.js';
import type { DeliverJob } from '../jobs/deliver.job.js';
import { WebhookDeliveryRepository, type ClaimedDelivery } from '../webhook-delivery.repository.js';
import { WebhookEndpointRepository } from '../webhook-endpoint.repository.js';
import { planAfterAttempt, type AttemptPlan } from './attempt-plan.js';
import { DeliveryQueue } from './delivery-queue.service.js';
import { EndpointSender } from './endpoint-sender.service.js';
import { parseRetrySchedule } from './retry-schedule.js';
import { WEBHOOK_TIMEOUT_MS, type WebhookAttemptResult } from './webhook-sender.js';

/** Attempts in flight to one endpoint at a time: a slow receiver holds at most this many workers. */
export const ENDPOINT_IN_FLIGHT_LIMIT = 10;
/** How long a worker holds an attempt; past it (the worker died) the sweep hands it out again. */
export const DELIVERY_LEASE_MS = WEBHOOK_TIMEOUT_MS + 45_000;
const MAX_DEFERRAL_MS = 20_000;

type Claim = { kind: 'none' } | { kind: 'busy' } | { kind: 'claimed'; attempt: ClaimedDelivery };

/** One delivery attempt from queue to log: claim it, send it, record it, schedule the next one. */
@Injectable()
export class DeliveryAttempts {
  private readonly logger = new Logger(DeliveryAttempts.name);
  private readonly schedule: readonly number[];
  /** Per endpoint, the tail of this process's claims: they run one at a time. */
  private readonly claiming = new Map<string, Promise<unknown>>();

  constructor(
    private readonly transactions: Transactions,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly endpoints: WebhookEndpointRepository,
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
    const attempt = await this.deliveries.claimQueuedAttempt(
      job.deliveryId,
      job.endpointId,
      DELIVERY_LEASE_MS,
      ENDPOINT_IN_FLIGHT_LIMIT,
    );
    if (attempt) return { kind: 'claimed', attempt };
    return this.whyNotClaimed(job);
  }

  private async whyNotClaimed(job: DeliverJob): Promise<Claim> {
    const state = await this.deliveries.findQueuedAttemptState(job.deliveryId);
    if (!state || state.status !== 'pending' || state.leased) return { kind: 'none' };
    if (!state.endpointEnabled) {
      await this.deliveries.failQueuedAttempt(job.deliveryId, 'The endpoint is disabled.');
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
    await this.deliveries.postponeQueuedAttempt(job.deliveryId, delayMs);
    await this.queue.enqueue(
      { ...job, deferrals },
      delayMs,
      `${job.deliveryId}:deferred:${deferrals}`,
    );
  }

  /** Logs the outcome, updates the endpoint's health and writes the next attempt's row, at once. */
  private async record(
    attempt: ClaimedDelivery,
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
      await this.deliveries.recordOutcome(attempt.organizationId, attempt.id, outcome);
      return null;
    }
    const { organizationId } = attempt;
    return this.transactions.run(async (manager) => {
      await this.updateEndpointHealth(manager, organizationId, endpointId, plan);
      await this.deliveries.recordOutcome(organizationId, attempt.id, outcome, manager);
      if (!plan.nextRetryAt) return null;
      const id = await this.deliveries.insertNextAttempt(
        organizationId,
        {
          endpointId,
          eventId: attempt.event.id,
          eventType: attempt.event.type,
          seriesKey: attempt.seriesKey,
          attempt: attempt.attempt + 1,
          scheduledFor: plan.nextRetryAt,
        },
        manager,
      );
      return id ? { id, delayMs: plan.nextRetryAt.getTime() - now.getTime() } : null;
    });
  }

  private async updateEndpointHealth(
    manager: EntityManager,
    organizationId: string,
    endpointId: string,
    plan: AttemptPlan,
  ): Promise<void> {
    if (plan.disableReason) {
      this.logger.warn(`Webhook endpoint ${endpointId} disabled: ${plan.disableReason}`);
      await this.endpoints.disable(
        organizationId,
        endpointId,
        plan.disableReason,
        plan.failingSince,
        manager,
      );
    } else if (plan.failingSince === null) {
      await this.endpoints.clearFailing(organizationId, endpointId, manager);
    } else {
      await this.endpoints.markFailingSince(organizationId, endpointId, plan.failingSince, manager);
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
