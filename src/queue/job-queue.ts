import type { QueueName } from './queue-names.js';

/** What a processor sees of a job, whichever driver runs it (Bull's Job satisfies it). */
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

export type JobHandlerFn = (job: QueueJob) => Promise<unknown>;

/**
 * The queue port: Bull on Redis in server mode, in-process in embedded mode.
 * The database stays the source of truth, so a job lost with a driver (Redis down,
 * process killed) is found again by the owning feature's sweep.
 */
export abstract class JobQueue {
  abstract add<T>(queue: QueueName, name: string, data: T, options?: JobOptions): Promise<void>;
  abstract process(queue: QueueName, concurrency: number, handler: JobHandlerFn): void;
  abstract counts(queue: QueueName): Promise<Record<string, number>>;
  abstract close(): Promise<void>;
}

export const DEFAULT_JOB_OPTIONS = { attempts: 5, backoffMs: 2000 };
