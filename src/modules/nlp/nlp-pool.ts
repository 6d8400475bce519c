import type { ResourceLimits } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { PermanentError } from '../../common/errors/permanent-error.js';
import type { NlpWork, NlpWorkRequest } from './nlp-work.js';

export interface NlpPoolOptions {
  /** The compiled worker entry; null runs the work on the calling thread (ts-jest, which has no compiled worker). */
  workerFile: URL | null;
  threads: number;
  /**
   * Longest one piece of work may take before its thread is stopped and the call fails,
   * counted from its hand-off to the pool, or from when a thread is ready if none was then.
   */
  timeoutMs: number;
  /** How long an idle thread lives; the first work after that pays for loading a new one. */
  idleTimeoutMs?: number;
  /** Each thread's heap limits; unset, a thread's heap follows the process's V8 flags (npm start's). */
  resourceLimits?: ResourceLimits;
}

/** Thrown when reading one call's transcript takes longer than NLP_TIMEOUT_MS: retrying would take as long. */
export class NlpBudgetExceededError extends PermanentError {
  constructor(workName: string, timeoutMs: number) {
    super(
      `The transcript's ${workName} took longer than its ${timeoutMs} ms budget (NLP_TIMEOUT_MS) and was stopped; the transcript is too long or too unusual to read`,
    );
  }
}

/**
 * Thrown when a thread dies reaching its heap limit while reading one call's transcript: the
 * same transcript would kill a thread again on each retry.
 */
export class NlpOutOfMemoryError extends PermanentError {
  constructor(workName: string) {
    super(
      `The transcript's ${workName} ran out of memory and its thread was stopped; the transcript needs more memory than a reading thread has`,
    );
  }
}

/** Node's error for a worker thread terminated at its heap limit. */
function isThreadOutOfMemory(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}

/**
 * How long work handed over while no thread is ready may wait for one, on top of its own
 * budget (loading the models and warming up take a few seconds): should the thread die as it
 * starts, the work still fails in bounded time.
 */
const THREAD_START_ALLOWANCE_MS = 60_000;

/**
 * The pipeline's CPU-bound transcript reading (analysis, extraction, task detection) runs on
 * worker threads, so a long transcript neither stalls HTTP, health checks and SIGTERM on the
 * event loop nor limits the pipeline to one core. Work that overruns its budget is stopped
 * (its thread is terminated and replaced) and fails with NlpBudgetExceededError; work whose
 * thread runs out of memory fails with NlpOutOfMemoryError. The pool runs
 * whatever `NlpWork` it is given: the features own their work.
 */
export class NlpPool {
  private readonly pool: Piscina | null;
  /** Ids of the threads that have loaded the worker entry (and warmed up), until they stop. */
  private readonly readyThreads = new Set<number>();
  /** Budgets of work handed over while no thread was ready: they start when one is. */
  private readonly budgetsWaiting = new Set<() => void>();

  constructor(private readonly options: NlpPoolOptions) {
    this.pool = options.workerFile
      ? new Piscina({
          filename: options.workerFile.href,
          // No thread starts with the pool: each is counted ready once it has loaded the
          // worker entry ('workerCreate'), which Piscina reports at once for those it does.
          minThreads: 0,
          maxThreads: options.threads,
          idleTimeout: options.idleTimeoutMs ?? 60_000,
          resourceLimits: options.resourceLimits,
        })
      : null;
    this.pool?.on('workerCreate', (thread: { id: number }) => {
      this.readyThreads.add(thread.id);
      for (const start of this.budgetsWaiting) start();
      this.budgetsWaiting.clear();
    });
    this.pool?.on('workerDestroy', (thread: { id: number }) => {
      this.readyThreads.delete(thread.id);
      // A thread that exited by itself (out of memory) is reported with the id -1.
      const running = new Set(this.pool?.threads.map((worker) => worker.threadId));
      for (const id of this.readyThreads) if (!running.has(id)) this.readyThreads.delete(id);
    });
  }

  /** Whether work runs on worker threads (false: on the calling thread). */
  get threaded(): boolean {
    return this.pool !== null;
  }

  async run<I, O>(work: NlpWork<I, O>, input: I): Promise<O> {
    if (!this.pool || work.runsHere?.(input)) return (await work.load())(input);
    // A thread's start (loading the models, warming up) is not the work's: with no thread
    // ready at the hand-off, the budget starts when one is. Time queued behind other work counts.
    const budget = new AbortController();
    const abortAfter = (ms: number) => setTimeout(() => budget.abort(), ms).unref();
    let timer: NodeJS.Timeout;
    const startBudget = () => {
      clearTimeout(timer);
      timer = abortAfter(this.options.timeoutMs);
    };
    if (this.readyThreads.size > 0) {
      timer = abortAfter(this.options.timeoutMs);
    } else {
      timer = abortAfter(THREAD_START_ALLOWANCE_MS + this.options.timeoutMs);
      this.budgetsWaiting.add(startBudget);
    }
    const request: NlpWorkRequest = { name: work.name, input };
    try {
      return (await this.pool.run(request, { signal: budget.signal })) as O;
    } catch (err) {
      if (budget.signal.aborted) {
        throw new NlpBudgetExceededError(work.name, this.options.timeoutMs);
      }
      if (isThreadOutOfMemory(err)) throw new NlpOutOfMemoryError(work.name);
      throw err;
    } finally {
      clearTimeout(timer);
      this.budgetsWaiting.delete(startBudget);
    }
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}
