import { Logger } from '@nestjs/common';
import { DEFAULT_JOB_OPTIONS, JobHandlerFn, JobOptions, JobQueue, QueueJob } from './job-queue.js';
import type { QueueName } from './queue-names.js';

interface PendingJob extends QueueJob {
  options: JobOptions;
}

interface Worker {
  concurrency: number;
  running: number;
  handler: JobHandlerFn;
  ready: PendingJob[];
}

/**
 * Embedded mode's queue: the same processors, run in this process with Bull's retry
 * semantics (attempts, exponential backoff, de-duplication by job id). Nothing is kept
 * across restarts; the features' sweeps re-enqueue what the database says is unfinished.
 */
export class InProcessJobQueue extends JobQueue {
  private readonly logger = new Logger(InProcessJobQueue.name);
  private readonly workers = new Map<QueueName, Worker>();
  private readonly waiting = new Map<QueueName, PendingJob[]>();
  private readonly activeIds = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private sequence = 0;
  private closed = false;

  async add<T>(queue: QueueName, name: string, data: T, options: JobOptions = {}): Promise<void> {
    const id = options.jobId ?? `${queue}:${++this.sequence}`;
    if (this.activeIds.has(`${queue}:${id}`)) return;
    this.activeIds.add(`${queue}:${id}`);
    const job: PendingJob = {
      id,
      name,
      data,
      attemptsMade: 0,
      opts: { attempts: options.attempts ?? DEFAULT_JOB_OPTIONS.attempts },
      options,
    };
    this.schedule(queue, job, options.delayMs ?? 0);
  }

  process(queue: QueueName, concurrency: number, handler: JobHandlerFn): void {
    const worker: Worker = {
      concurrency,
      running: 0,
      handler,
      ready: this.waiting.get(queue) ?? [],
    };
    this.waiting.delete(queue);
    this.workers.set(queue, worker);
    this.drain(queue);
  }

  async counts(queue: QueueName): Promise<Record<string, number>> {
    const worker = this.workers.get(queue);
    return {
      waiting: worker?.ready.length ?? this.waiting.get(queue)?.length ?? 0,
      active: worker?.running ?? 0,
    };
  }

  /** Takes no more jobs and waits for the running ones. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }

  private schedule(queue: QueueName, job: PendingJob, delayMs: number): void {
    const enqueue = () => {
      const worker = this.workers.get(queue);
      if (worker) worker.ready.push(job);
      else this.waiting.set(queue, [...(this.waiting.get(queue) ?? []), job]);
      this.drain(queue);
    };
    if (delayMs <= 0) return enqueue();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      enqueue();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private drain(queue: QueueName): void {
    const worker = this.workers.get(queue);
    while (
      !this.closed &&
      worker &&
      worker.running < worker.concurrency &&
      worker.ready.length > 0
    ) {
      const job = worker.ready.shift()!;
      worker.running += 1;
      const running = this.run(queue, worker, job).finally(() => {
        worker.running -= 1;
        this.running.delete(running);
        this.drain(queue);
      });
      this.running.add(running);
    }
  }

  private async run(queue: QueueName, worker: Worker, job: PendingJob): Promise<void> {
    try {
      await worker.handler(job);
      this.activeIds.delete(`${queue}:${job.id}`);
    } catch (err) {
      job.attemptsMade += 1;
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade >= attempts || this.closed) {
        this.activeIds.delete(`${queue}:${job.id}`);
        this.logger.warn(
          `Job ${queue}/${job.name} ${job.id} failed for good: ${(err as Error).message}`,
        );
        return;
      }
      const delay =
        (job.options.backoffMs ?? DEFAULT_JOB_OPTIONS.backoffMs) * 2 ** (job.attemptsMade - 1);
      this.schedule(queue, job, delay);
    }
  }
}
