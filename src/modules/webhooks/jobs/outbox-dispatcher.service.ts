import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactions } from '../../../database/transactions.js';
import { JobQueue } from '../../../queue/job-queue.js';
import { PeriodicTasks } from '../../../queue/periodic-tasks.service.js';
import { QueueName } from '../../../queue/queue-names.js';
import { WebhookEventRepository } from '../outbox/webhook-event.repository.js';
import { FAN_OUT_JOB, type FanOutJob } from './fan-out.job.js';

const BATCH_SIZE = 200;
/** A fan-out retried for about half an hour covers a database restart; its deliveries are swept after. */
const FAN_OUT_ATTEMPTS = 10;
/**
 * A dispatched event not fanned out by then lost its job (Redis lost its data, or the job used up
 * its attempts) and is queued again. Well past a normal fan-out (milliseconds); a job still
 * retrying may run twice, which fan-out makes harmless.
 */
export const FAN_OUT_DEADLINE_MINUTES = 5;

/**
 * Moves committed outbox events onto the queue: one fan-out job per event (job id = event id),
 * and the event is marked dispatched in the same transaction only once its job was accepted.
 * While Redis is down nothing is marked, so the next run tries again and nothing is lost.
 * Runs on a timer in worker processes and right after any commit that recorded events. A
 * second timer queues again the fan-out of events whose job was lost after it was accepted.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxDispatcher.name);
  private running: Promise<void> | null = null;
  private rerun = false;
  private stopped = false;

  constructor(
    private readonly transactions: Transactions,
    private readonly events: WebhookEventRepository,
    private readonly queue: JobQueue,
    private readonly periodic: PeriodicTasks,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.schedule('webhooks.dispatch-outbox', (manager) => this.dispatchBatch(manager));
    this.periodic.schedule('webhooks.requeue-lost-fan-outs', (manager) =>
      this.requeueLostFanOuts(manager),
    );
  }

  /** Dispatches soon; a burst of commits collapses into one run (plus one for late arrivals). */
  dispatchSoon(): void {
    if (this.stopped) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = this.drain()
      .catch((err: Error) => this.logger.warn(`Dispatching webhook events failed: ${err.message}`))
      .finally(() => {
        this.running = null;
        if (this.rerun) {
          this.rerun = false;
          this.dispatchSoon();
        }
      });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async drain(): Promise<void> {
    let dispatched: number;
    do {
      dispatched = await this.transactions.run((manager) => this.dispatchBatch(manager));
    } while (dispatched === BATCH_SIZE && !this.stopped);
  }

  /** Returns how many events were dispatched. Rows locked by another dispatcher are skipped, not awaited. */
  async dispatchBatch(manager: EntityManager): Promise<number> {
    const ids = await this.events.lockUndispatchedAcrossOrganizations(BATCH_SIZE, manager);
    if (ids.length === 0) return 0;
    const results = await Promise.allSettled(ids.map((id) => this.queueFanOut(id, id)));
    const queued = ids.filter((_, index) => results[index].status === 'fulfilled');
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) {
      this.logger.warn(
        `${ids.length - queued.length} webhook events stay undispatched until the queue accepts them: ${
          (failure.reason as Error).message
        }`,
      );
    }
    if (queued.length > 0) {
      await this.events.markDispatchedAcrossOrganizations(queued, manager);
    }
    return queued.length;
  }

  /**
   * Queues again the fan-out of events dispatched over FAN_OUT_DEADLINE_MINUTES ago and still not
   * fanned out. Bull keeps a failed job (and its id) for a week, so the new job's id names the
   * sweep's minute: at most one new job per event and minute.
   */
  async requeueLostFanOuts(manager: EntityManager): Promise<number> {
    const ids = await this.events.findNotFannedOutAcrossOrganizations(
      FAN_OUT_DEADLINE_MINUTES,
      BATCH_SIZE,
      manager,
    );
    const minute = Math.floor(Date.now() / 60_000);
    let queued = 0;
    for (const id of ids) {
      try {
        await this.queueFanOut(id, `${id}:${minute}`);
        queued += 1;
      } catch {
        break; // The queue is away: the next sweep tries again.
      }
    }
    if (ids.length > 0) {
      this.logger.warn(`Queued the fan-out of ${queued} of ${ids.length} events again`);
    }
    return queued;
  }

  private queueFanOut(eventId: string, jobId: string): Promise<void> {
    return this.queue.add<FanOutJob>(
      QueueName.Webhooks,
      FAN_OUT_JOB,
      { eventId },
      { jobId, attempts: FAN_OUT_ATTEMPTS },
    );
  }
}
