import { Process, Processor } from '@nestjs/bull';
import type { QueueJob } from '../../../queue/job-queue.js';
import { processWithConcurrency } from '../../../queue/process-options.js';
import { QueueName } from '../../../queue/queue-names.js';
import { DeliveryAttempts } from '../delivery/delivery-attempts.service.js';
import { DELIVER_JOB, type DeliverJob } from './deliver.job.js';

/**
 * One job per delivery attempt. Its WEBHOOK_CONCURRENCY workers serve the whole webhooks queue,
 * fan-outs included (see FanOutProcessor); per-endpoint limits keep a slow receiver from taking
 * all of them.
 */
@Processor(QueueName.Webhooks)
export class DeliverProcessor {
  constructor(private readonly deliveries: DeliveryAttempts) {}

  @Process(processWithConcurrency(DELIVER_JOB, 'WEBHOOK_CONCURRENCY'))
  async handle(job: QueueJob<DeliverJob>): Promise<void> {
    await this.deliveries.run(job.data);
  }
}
