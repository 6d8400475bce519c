import { createHash } from 'node:crypto';
import { Piscina } from 'piscina';
import type { AnalyzeCallOptions } from '../conversation/index.js';
import type { CallAnalysis } from '../conversation/index.js';
import { PermanentStepError } from '../calls/pipeline/call-pipeline-step.js';
import type { TranscriptSegment } from '../conversation/index.js';
import type { ExtractedData, ExtractionContext } from '../extraction/extraction.types.js';
import type { CommitmentContext, DetectedTask } from '../tasks/detection/task-detection.types.js';
import type { NlpWork, TranscriptReading } from './nlp-work.js';

export interface NlpPoolOptions {
  /** The compiled worker module; null runs the work on the calling thread (ts-jest, which has no compiled worker). */
  workerFile: URL | null;
  threads: number;
  /** Longest one piece of work may take before its thread is stopped and the call fails. */
  timeoutMs: number;
  /** How long an idle thread lives; the first work after that pays for loading a new one. */
  idleTimeoutMs?: number;
}

/** Calls whose extraction's tasks are kept for their tasks step; about the calls in progress at once. */
const TASKS_READ_KEPT = 1000;

/** The transcript and what both readers take from the call: they read the same sentences alike. */
function transcriptKey(
  segments: readonly TranscriptSegment[],
  context: { startedAt: Date; agentSpeaker: string },
): string {
  return createHash('sha256')
    .update(JSON.stringify([context.startedAt, context.agentSpeaker, segments]))
    .digest('base64');
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
  /** Tasks found while extracting, until the tasks step asks for them, by `transcriptKey`. */
  private readonly tasksRead = new Map<string, DetectedTask[]>();

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

  /**
   * Extraction also finds the transcript's tasks from the same parse of each sentence (see
   * `readTranscript`); they are kept for the tasks step, which follows in the same job.
   */
  async extract(
    segments: readonly TranscriptSegment[],
    context: ExtractionContext,
  ): Promise<ExtractedData> {
    const reading = await this.run<TranscriptReading>({ kind: 'reading', segments, context });
    const key = transcriptKey(segments, context);
    this.tasksRead.delete(key);
    this.tasksRead.set(key, reading.tasks);
    // Kept for a call whose tasks step never comes (its job failed in between) until pushed out.
    if (this.tasksRead.size > TASKS_READ_KEPT) {
      this.tasksRead.delete(this.tasksRead.keys().next().value!);
    }
    return reading.extraction;
  }

  /** The tasks extraction found in the same transcript, or, without them, a reading of its own. */
  async detectTasks(
    segments: readonly TranscriptSegment[],
    context: CommitmentContext,
  ): Promise<DetectedTask[]> {
    const key = transcriptKey(segments, context);
    const read = this.tasksRead.get(key);
    if (!read) return this.run<DetectedTask[]>({ kind: 'tasks', segments, context });
    this.tasksRead.delete(key);
    return read.map((task) => ({ ...task, assignee_user_id: context.userId }));
  }

  /** Work of any shape, for a worker module other than the NLP one (tests). */
  async run<T>(work: NlpWork | { kind: string }): Promise<T> {
    if (!this.pool) {
      // Loaded only here: with a pool, only the threads load the NLP libraries and their models.
      const { doNlpWork } = await import('./nlp-work.js');
      return doNlpWork(work as NlpWork) as T;
    }
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
