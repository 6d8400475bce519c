import { Process, Processor } from '@nestjs/bull';
import type { QueueJob } from '../../../queue/job-queue.js';
import { QueueName } from '../../../queue/queue-names.js';
import { FanOutService } from '../delivery/fan-out.service.js';
import { FAN_OUT_JOB, type FanOutJob } from './fan-out.job.js';

/**
 * One job per event. It adds no workers of its own: a queue's workers take any of its jobs and run
 * the handler of the job's name, and concurrencies add up, so the webhooks queue keeps exactly
 * WEBHOOK_CONCURRENCY workers (DeliverProcessor's) for both kinds of jobs, which are short.
 */
@Processor(QueueName.Webhooks)
export class FanOutProcessor {
  constructor(private readonly fanOut: FanOutService) {}

  @Process({ name: FAN_OUT_JOB, concurrency: 0 })
  async handle(job: QueueJob<FanOutJob>): Promise<void> {
    await this.fanOut.run(job.data.eventId);
  }
}
