import { Process, Processor } from '@nestjs/bull';
import type { QueueJob } from '../../../queue/job-queue.js';
import { QueueName } from '../../../queue/queue-names.js';
import { CrmSync } from '../crm-sync/crm-sync.service.js';
import { SYNC_TASK_JOB, type SyncTaskJob } from './sync-task.job.js';

/** One job per task to push; CrmSync decides what is retried. */
@Processor(QueueName.Crm)
export class CrmSyncProcessor {
  constructor(private readonly sync: CrmSync) {}

  @Process({ name: SYNC_TASK_JOB, concurrency: 2 })
  async handle(job: QueueJob<SyncTaskJob>): Promise<void> {
    await this.sync.push(job.data, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
  }
}
