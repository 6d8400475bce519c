import type { Queue } from 'bull';
import { DEFAULT_JOB_OPTIONS, JobHandlerFn, JobOptions, JobQueue, QueueJob } from './job-queue.js';
import { ALL_QUEUES, QueueName } from './queue-names.js';

/** Redis being down must not hang a request: adding gives up after this and the sweep re-adds later. */
const ADD_TIMEOUT_MS = 2000;

export class BullJobQueue extends JobQueue {
  /** Queues are looked up when first used: Bull's providers may be created after this one. */
  constructor(private readonly resolve: (name: QueueName) => Queue | undefined) {
    super();
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

  process(queueName: QueueName, concurrency: number, handler: JobHandlerFn): void {
    void this.queue(queueName).process('*', concurrency, (job) =>
      handler(job as unknown as QueueJob),
    );
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
