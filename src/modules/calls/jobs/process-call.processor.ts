import { Process, Processor } from '@nestjs/bull';
import { PermanentError } from '../../../common/errors/permanent-error.js';
import type { QueueJob } from '../../../queue/job-queue.js';
import { processWithConcurrency } from '../../../queue/process-options.js';
import { QueueName } from '../../../queue/queue-names.js';
import { CallPipeline } from '../pipeline/call-pipeline.service.js';
import { PROCESS_CALL_JOB, type ProcessCallJob } from './process-call.job.js';

/** One job per call; retried with backoff for transient errors, failed at once for permanent ones. */
@Processor(QueueName.Calls)
export class ProcessCallProcessor {
  constructor(private readonly pipeline: CallPipeline) {}

  @Process(processWithConcurrency(PROCESS_CALL_JOB, 'CALL_WORKER_CONCURRENCY'))
  async handle(job: QueueJob<ProcessCallJob>): Promise<void> {
    const { organizationId, callId } = job.data;
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      await this.pipeline.process(organizationId, callId, { lastAttempt });
    } catch (err) {
      if (err instanceof PermanentError || lastAttempt) {
        await this.pipeline.fail(organizationId, callId, (err as Error).message);
        return;
      }
      throw err;
    }
  }
}
