import { Injectable } from '@nestjs/common';
import type { QueueJob } from '../../../queue/job-queue.js';
import { JobProcessor, Processes } from '../../../queue/job-processor.decorator.js';
import { QueueName } from '../../../queue/queue-names.js';
import { CrmSync, SyncTaskJob } from './crm-sync.service.js';

/** The CRM queue: one job per task to push; CrmSync decides what is retried. */
@Injectable()
@Processes({ queue: QueueName.Crm, concurrency: 2 })
export class CrmSyncProcessor implements JobProcessor<SyncTaskJob> {
  constructor(private readonly sync: CrmSync) {}

  async handle(job: QueueJob<SyncTaskJob>): Promise<void> {
    await this.sync.push(job.data, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
  }
}
