import { Injectable } from '@nestjs/common';
import type { QueueJob } from '../../../queue/job-queue.js';
import { JobProcessor, Processes } from '../../../queue/job-processor.decorator.js';
import { QueueName } from '../../../queue/queue-names.js';
import { QualityService, type RescoreCallJob } from '../quality.service.js';

/** The quality queue: one job per rescore request, retried with backoff by the queue. */
@Injectable()
@Processes({ queue: QueueName.Quality, concurrency: 2 })
export class RescoreCallProcessor implements JobProcessor<RescoreCallJob> {
  constructor(private readonly quality: QualityService) {}

  async handle(job: QueueJob<RescoreCallJob>): Promise<void> {
    await this.quality.rescore(job.data);
  }
}
