import { Injectable } from '@nestjs/common';
import type { QueueJob } from '../../../queue/job-queue.js';
import { JobProcessor, Processes } from '../../../queue/job-processor.decorator.js';
import { QueueName } from '../../../queue/queue-names.js';
import type { ProcessCallJob } from '../calls.service.js';
import { CallPipeline } from '../pipeline/call-pipeline.service.js';
import { PermanentStepError } from '../pipeline/call-pipeline-step.js';

/** The calls queue: one job per call; retried with backoff for transient errors, failed at once for permanent ones. */
@Injectable()
@Processes({ queue: QueueName.Calls, concurrency: 'CALL_WORKER_CONCURRENCY' })
export class ProcessCallProcessor implements JobProcessor<ProcessCallJob> {
  constructor(private readonly pipeline: CallPipeline) {}

  async handle(job: QueueJob<ProcessCallJob>): Promise<void> {
    const { organizationId, callId } = job.data;
    try {
      await this.pipeline.process(organizationId, callId);
    } catch (err) {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      if (err instanceof PermanentStepError || lastAttempt) {
        await this.pipeline.fail(organizationId, callId, (err as Error).message);
        return;
      }
      throw err;
    }
  }
}
