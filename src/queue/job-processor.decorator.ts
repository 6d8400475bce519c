import { SetMetadata } from '@nestjs/common';
import type { EnvironmentVariables } from '../config/env.validation.js';
import type { QueueJob } from './job-queue.js';
import type { QueueName } from './queue-names.js';

export const JOB_PROCESSOR = 'aila:job-processor';

export interface JobProcessorOptions {
  queue: QueueName;
  /** The setting that sizes this processor's concurrency, or a fixed number. */
  concurrency: keyof EnvironmentVariables | number;
}

/** A class with one `handle(job)`, run by whichever queue driver the process has. */
export interface JobProcessor<T = unknown> {
  handle(job: QueueJob<T>): Promise<unknown>;
}

/** Marks the one processor of a queue; only worker processes (APP_ROLE worker or all) run it. */
export const Processes = (options: JobProcessorOptions) => SetMetadata(JOB_PROCESSOR, options);
