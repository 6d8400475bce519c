import { Process, Processor } from '@nestjs/bull';
import type { QueueJob } from '../../../queue/job-queue.js';
import { QueueName } from '../../../queue/queue-names.js';
import { QualityService } from '../quality.service.js';
import { RESCORE_CALL_JOB, type RescoreCallJob } from './rescore-call.job.js';

/** One job per rescore request, retried with backoff by the queue. */
@Processor(QueueName.Quality)
export class RescoreCallProcessor {
  constructor(private readonly quality: QualityService) {}

  @Process({ name: RESCORE_CALL_JOB, concurrency: 2 })
  async handle(job: QueueJob<RescoreCallJob>): Promise<void> {
    await this.quality.rescore(job.data);
  }
}
