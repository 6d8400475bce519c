import { OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bull';
import { performance } from 'node:perf_hooks';
import { DEFAULT_JOB_OPTIONS, JobOptions, JobQueue, JobRunListener } from './job-queue.js';
import { ALL_QUEUES, QueueName } from './queue-names.js';

/** Redis being down must not hang a request: adding gives up after this and the sweep re-adds later. */
const ADD_TIMEOUT_MS = 2000;

/**
 * Adds jobs to Bull's queues. @nestjs/bull's explorer attaches the `@Process` handlers to the same
 * queues, in the processes that load the processors.
 */
export class BullJobQueue extends JobQueue implements OnModuleInit {
  private readonly listeners = new Set<JobRunListener>();

  /** Queues are looked up when first used: Bull's providers may be created after this one. */
  constructor(private readonly resolve: (name: QueueName) => Queue | undefined) {
    super();
  }

  /**
   * Bull announces each job this process starts, with the promise of its handler: that promise
   * settling is the job's run, without the Redis round trips that record its outcome.
   */
  onModuleInit(): void {
    for (const name of ALL_QUEUES) {
      this.resolve(name)?.on('active', (job, jobPromise) => {
        if (!jobPromise || this.listeners.size === 0) return;
        const started = performance.now();
        const report = (outcome: 'completed' | 'failed') => {
          const seconds = (performance.now() - started) / 1000;
          for (const listener of this.listeners)
            listener({ queue: name, name: job.name, outcome, seconds });
        };
        (jobPromise as unknown as Promise<unknown>).then(
          () => report('completed'),
          () => report('failed'),
        );
      });
    }
  }

  async add<T>(
    queueName: QueueName,
    name: string,
    data: T,
    options: JobOptions = {},
  ): Promise<void> {
    const queue = this.queue(queueName);
    const adding = queue.add(name, data, {
      jobId: options.jobId,
      delay: options.delayMs,
      attempts: options.attempts ?? DEFAULT_JOB_OPTIONS.attempts,
      backoff: { type: 'exponential', delay: options.backoffMs ?? DEFAULT_JOB_OPTIONS.backoffMs },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Queue ${queueName} did not accept the job in time`)),
        ADD_TIMEOUT_MS,
      );
    });
    try {
      await Promise.race([adding, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  onJobRun(listener: JobRunListener): void {
    this.listeners.add(listener);
  }

  async counts(queueName: QueueName): Promise<Record<string, number>> {
    return { ...(await this.queue(queueName).getJobCounts()) };
  }

  /**
   * Stops taking jobs and waits for this process' active ones. Bull keeps the first close's
   * promise, so @nestjs/bull closing the same queues later waits for the same thing.
   */
  async close(): Promise<void> {
    await Promise.all(ALL_QUEUES.map((name) => this.resolve(name)?.close()));
  }

  private queue(name: QueueName): Queue {
    const queue = this.resolve(name);
    if (!queue) throw new Error(`Queue ${name} is not registered`);
    return queue;
  }
}
