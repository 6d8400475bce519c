import { Injectable, Logger } from '@nestjs/common';
import { JobQueue } from '../../../queue/job-queue.js';
import { QueueName } from '../../../queue/queue-names.js';
import { DELIVER_JOB, type DeliverJob } from '../jobs/deliver.job.js';

/**
 * Queues delivery attempts. The delivery row is the source of truth: an attempt whose job never
 * reached the queue (or was lost with Redis) stays `pending` and the sweep queues it again, so a
 * failure here is logged, not thrown.
 */
@Injectable()
export class DeliveryQueue {
  private readonly logger = new Logger(DeliveryQueue.name);

  constructor(private readonly queue: JobQueue) {}

  /** The job id is the delivery id by default, so queueing the same attempt twice is a no-op. */
  async enqueue(job: DeliverJob, delayMs = 0, jobId = job.deliveryId): Promise<boolean> {
    try {
      // One try only: a job that failed stays in Bull under its id and would block the sweep's re-add.
      await this.queue.add<DeliverJob>(QueueName.Webhooks, DELIVER_JOB, job, {
        jobId,
        delayMs,
        attempts: 1,
      });
      return true;
    } catch (err) {
      this.logger.warn(
        `Delivery ${job.deliveryId} is stored but not queued (${(err as Error).message}); the sweep will queue it`,
      );
      return false;
    }
  }
}
