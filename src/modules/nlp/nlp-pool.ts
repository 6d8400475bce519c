import { Piscina } from 'piscina';
import type { AnalyzeCallOptions } from '../conversation/index.js';
import type { CallAnalysis } from '../conversation/index.js';
import { PermanentStepError } from '../calls/pipeline/call-pipeline-step.js';
import type { TranscriptSegment } from '../conversation/index.js';
import type { ExtractedData, ExtractionContext } from '../extraction/extraction.types.js';
import type { CommitmentContext, DetectedTask } from '../tasks/detection/task-detection.types.js';
import { doNlpWork, type NlpWork } from './nlp-work.js';

export interface NlpPoolOptions {
  /** The compiled worker module; null runs the work on the calling thread (ts-jest, which has no compiled worker). */
  workerFile: URL | null;
  threads: number;
  /** Longest one piece of work may take before its thread is stopped and the call fails. */
  timeoutMs: number;
  /** How long an idle thread lives; the first work after that pays for loading a new one. */
  idleTimeoutMs?: number;
}

/** Thrown when reading one call's transcript takes longer than NLP_TIMEOUT_MS: retrying would take as long. */
export class NlpBudgetExceededError extends PermanentStepError {
  constructor(kind: NlpWork['kind'], timeoutMs: number) {
    super(
      `The transcript's ${kind} took longer than its ${timeoutMs} ms budget (NLP_TIMEOUT_MS) and was stopped; the transcript is too long or too unusual to read`,
    );
    this.name = NlpBudgetExceededError.name;
  }
}

/**
 * The pipeline's CPU-bound transcript reading (analysis, extraction, task detection) runs on
 * worker threads, so a long transcript neither stalls HTTP, health checks and SIGTERM on the
 * event loop nor limits the pipeline to one core. Work that overruns its budget is stopped
 * (its thread is terminated and replaced) and fails with NlpBudgetExceededError.
 */
export class NlpPool {
  private readonly pool: Piscina | null;

  constructor(private readonly options: NlpPoolOptions) {
    this.pool = options.workerFile
      ? new Piscina({
          filename: options.workerFile.href,
          minThreads: 0,
          maxThreads: options.threads,
          idleTimeout: options.idleTimeoutMs ?? 60_000,
        })
      : null;
  }

  /** Whether work runs on worker threads (false: on the calling thread). */
  get threaded(): boolean {
    return this.pool !== null;
  }

  analyze(segments: readonly TranscriptSegment[], options: AnalyzeCallOptions) {
    return this.run<CallAnalysis>({ kind: 'analysis', segments, options });
  }

  extract(segments: readonly TranscriptSegment[], context: ExtractionContext) {
    return this.run<ExtractedData>({ kind: 'extraction', segments, context });
  }

  detectTasks(segments: readonly TranscriptSegment[], context: CommitmentContext) {
    return this.run<DetectedTask[]>({ kind: 'tasks', segments, context });
  }

  /** Work of any shape, for a worker module other than the NLP one (tests). */
  async run<T>(work: NlpWork | { kind: string }): Promise<T> {
    if (!this.pool) return doNlpWork(work as NlpWork) as T;
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      return (await this.pool.run(work, { signal })) as T;
    } catch (err) {
      if (signal.aborted)
        throw new NlpBudgetExceededError(work.kind as NlpWork['kind'], this.options.timeoutMs);
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.pool?.destroy();
  }
}
