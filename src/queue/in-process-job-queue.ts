import { Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { performance } from 'node:perf_hooks';
import {
  DEFAULT_JOB_OPTIONS,
  JobOptions,
  JobQueue,
  JobRunListener,
  QueueJob,
} from './job-queue.js';
import { findProcessHandlers } from './process-handlers.js';
import type { QueueName } from './queue-names.js';

type JobHandler = (job: QueueJob) => Promise<unknown>;

/** Bull's name for the handler of `@Process()` without a name, and for jobs added without one. */
const DEFAULT_JOB_NAME = '__default__';

interface PendingJob extends QueueJob {
  options: JobOptions;
}

/** A queue's workers: like Bull's, each takes any job and runs the handler of the job's name. */
interface Worker {
  concurrency: number;
  running: number;
  handlers: Map<string, JobHandler>;
  ready: PendingJob[];
}

/**
 * Embedded mode's queue: the same `@Processor` classes Bull runs, found by their @nestjs/bull
 * metadata and run in this process with Bull's semantics (named handlers whose concurrency adds
 * up per queue, attempts, exponential backoff, de-duplication by job id). Nothing is kept across
 * restarts; the features' sweeps re-enqueue what the database says is unfinished.
 */
export class InProcessJobQueue extends JobQueue implements OnApplicationBootstrap {
  private readonly logger = new Logger(InProcessJobQueue.name);
  private readonly workers = new Map<QueueName, Worker>();
  private readonly activeIds = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();
  private readonly listeners = new Set<JobRunListener>();
  private sequence = 0;
  private closed = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {
    super();
  }

  /** Processors exist only in processes that run jobs (QueueModule leaves them out of APP_ROLE=api). */
  onApplicationBootstrap(): void {
    for (const handler of findProcessHandlers(this.discovery, this.scanner)) {
      this.process(handler.queue, handler.name, handler.concurrency, handler.handle);
      this.logger.log(
        `Processing ${handler.queue}/${handler.name ?? DEFAULT_JOB_NAME} jobs with ${handler.source} (concurrency ${handler.concurrency})`,
      );
    }
  }

  async add<T>(queue: QueueName, name: string, data: T, options: JobOptions = {}): Promise<void> {
    const id = options.jobId ?? `${queue}:${++this.sequence}`;
    if (this.activeIds.has(`${queue}:${id}`)) return;
    this.activeIds.add(`${queue}:${id}`);
    const job: PendingJob = {
      id,
      name: name || DEFAULT_JOB_NAME,
      data,
      attemptsMade: 0,
      opts: { attempts: options.attempts ?? DEFAULT_JOB_OPTIONS.attempts },
      options,
    };
    this.schedule(queue, job, options.delayMs ?? 0);
  }

  /** Bull's `queue.process(name, concurrency, handler)`: `concurrency` more workers for the queue. */
  process(
    queue: QueueName,
    name: string | undefined,
    concurrency: number,
    handler: JobHandler,
  ): void {
    const worker = this.worker(queue);
    const key = name ?? DEFAULT_JOB_NAME;
    if (worker.handlers.has(key)) throw new Error(`Cannot define the same handler twice ${key}`);
    worker.handlers.set(key, handler);
    worker.concurrency += concurrency;
    this.drain(queue);
  }

  async counts(queue: QueueName): Promise<Record<string, number>> {
    const worker = this.workers.get(queue);
    return { waiting: worker?.ready.length ?? 0, active: worker?.running ?? 0 };
  }

  onJobRun(listener: JobRunListener): void {
    this.listeners.add(listener);
  }

  /** Takes no more jobs and waits for the running ones. */
  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled([...this.running]);
  }

  private worker(queue: QueueName): Worker {
    let worker = this.workers.get(queue);
    if (!worker) {
      worker = { concurrency: 0, running: 0, handlers: new Map(), ready: [] };
      this.workers.set(queue, worker);
    }
    return worker;
  }

  private schedule(queue: QueueName, job: PendingJob, delayMs: number): void {
    const enqueue = () => {
      this.worker(queue).ready.push(job);
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
    const worker = this.worker(queue);
    while (!this.closed && worker.running < worker.concurrency && worker.ready.length > 0) {
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
      await this.handle(queue, worker, job);
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

  /** Runs the job's handler, telling the listeners how it went (Bull fails a job without one). */
  private async handle(queue: QueueName, worker: Worker, job: PendingJob): Promise<void> {
    const handler = worker.handlers.get(job.name) ?? worker.handlers.get('*');
    if (!handler) throw new Error(`Missing process handler for job type ${job.name}`);
    const started = performance.now();
    const report = (outcome: 'completed' | 'failed') => {
      const seconds = (performance.now() - started) / 1000;
      for (const listener of this.listeners) listener({ queue, name: job.name, outcome, seconds });
    };
    try {
      await handler(job);
    } catch (err) {
      report('failed');
      throw err;
    }
    report('completed');
  }
}
