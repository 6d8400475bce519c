import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { TranscriptSegment } from '../../conversation/index.js';
import {
  ProvidesExtractionReading,
  type ExtractionReading,
} from '../../extraction/extraction-reader.js';
import type { ExtractedData, ExtractionContext } from '../../extraction/index.js';
import { NlpPool } from '../../nlp/nlp-pool.js';
import { taskDetectionWork, transcriptReadingWork } from '../detection/task-detection.work.js';
import type { CommitmentContext, DetectedTask } from '../detection/task-detection.types.js';

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

/**
 * Reads the transcript for the extraction step (which comes first, in the same job) and finds its
 * tasks from the same parse of each sentence (`readTranscript`), keeping them for the tasks step.
 */
@Injectable()
@ProvidesExtractionReading()
export class TranscriptReader implements ExtractionReading {
  /** Tasks found while extracting, until the tasks step asks for them, by `transcriptKey`. */
  private readonly tasksRead = new Map<string, DetectedTask[]>();

  constructor(private readonly nlp: NlpPool) {}

  async extract(
    segments: readonly TranscriptSegment[],
    context: ExtractionContext,
  ): Promise<ExtractedData> {
    const reading = await this.nlp.run(transcriptReadingWork, { segments, context });
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
    if (!read) return this.nlp.run(taskDetectionWork, { segments, context });
    this.tasksRead.delete(key);
    return read.map((task) => ({ ...task, assignee_user_id: context.userId }));
  }
}
