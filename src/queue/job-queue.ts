import type { QueueName } from './queue-names.js';

/**
 * What a processor's `@Process` method sees of a job, whichever driver runs it: Bull's Job
 * satisfies it, and so does the in-process driver's.
 */
export interface QueueJob<T = unknown> {
  id: string | number;
  name: string;
  data: T;
  /** Attempts already failed before this one. */
  attemptsMade: number;
  opts: { attempts?: number };
}

export interface JobOptions {
  /** Adding a job whose id is still queued is a no-op: the same work is never queued twice. */
  jobId?: string;
  delayMs?: number;
  attempts?: number;
  /** First retry delay; it doubles with every further attempt. */
  backoffMs?: number;
}

/** One run of a job in this process, as it ended. */
export interface JobRun {
  queue: QueueName;
  name: string;
  outcome: 'completed' | 'failed';
  seconds: number;
}

export type JobRunListener = (run: JobRun) => void;

/**
 * The queue port: Bull on Redis in server mode, in-process in embedded mode. Jobs are consumed by
 * `@Processor`/`@Process` classes (see QueueModule); this port adds jobs and reports on them.
 * The database stays the source of truth, so a job lost with a driver (Redis down, process
 * killed) is found again by the owning feature's sweep.
 */
export abstract class JobQueue {
  abstract add<T>(queue: QueueName, name: string, data: T, options?: JobOptions): Promise<void>;
  abstract counts(queue: QueueName): Promise<Record<string, number>>;
  /** Tells `listener` about every job run of this process, once it settles (metrics observe this). */
  abstract onJobRun(listener: JobRunListener): void;
  abstract close(): Promise<void>;
}

export const DEFAULT_JOB_OPTIONS = { attempts: 5, backoffMs: 2000 };
