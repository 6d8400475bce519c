import { Injectable } from '@nestjs/common';
import type { QueueJob } from '../../../queue/job-queue.js';
import { JobProcessor, Processes } from '../../../queue/job-processor.decorator.js';
import { QueueName } from '../../../queue/queue-names.js';
import { DeliveryAttempts } from '../delivery/delivery-attempts.service.js';
import { FanOut } from '../delivery/fan-out.service.js';
import { DELIVER_JOB, FAN_OUT_JOB, type DeliverJob, type FanOutJob } from './webhook-jobs.js';

/**
 * The webhooks queue: fan-out jobs (one per event) and delivery jobs (one per attempt). Both are
 * short, so one worker pool of WEBHOOK_CONCURRENCY serves them; per-endpoint limits keep a slow
 * receiver from taking all of it.
 */
@Injectable()
@Processes({ queue: QueueName.Webhooks, concurrency: 'WEBHOOK_CONCURRENCY' })
export class WebhooksProcessor implements JobProcessor<FanOutJob | DeliverJob> {
  constructor(
    private readonly fanOut: FanOut,
    private readonly deliveries: DeliveryAttempts,
  ) {}

  async handle(job: QueueJob<FanOutJob | DeliverJob>): Promise<unknown> {
    switch (job.name) {
      case FAN_OUT_JOB:
        return this.fanOut.run((job.data as FanOutJob).eventId);
      case DELIVER_JOB:
        return this.deliveries.run(job.data as DeliverJob);
      default:
        throw new Error(`Unknown webhooks job ${job.name}`);
    }
  }
}
