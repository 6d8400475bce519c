import type { TranscriptSegment } from '../../conversation/index.js';
import {
  extractedDataOf,
  readSentenceShared,
  splitTranscript,
  type ExtractedData,
  type ExtractionContext,
  type SentenceFacts,
} from '../../extraction/index.js';
import { Commitments } from './commitment-detector.js';
import type { DetectedTask } from './task-detection.types.js';

/** Extraction and task detection from one parse of each sentence. */
export interface TranscriptReading {
  extraction: ExtractedData;
  /** Assigned to nobody yet (`assignee_user_id` is empty): extraction does not know the call's team member. */
  tasks: DetectedTask[];
}

/**
 * What `extractCallData` and `detectCommitments` find, with each sentence parsed once rather than
 * once by each (the parse is most of the work); a sentence's parse is dropped once both have read it.
 */
export function readTranscript(
  segments: readonly TranscriptSegment[],
  ctx: ExtractionContext,
): TranscriptReading {
  const { startedAt, agentSpeaker } = ctx;
  const commitments = new Commitments({ startedAt, agentSpeaker, userId: '' });
  const facts: SentenceFacts[] = [];
  for (const sentence of splitTranscript(segments, agentSpeaker)) {
    const reading = readSentenceShared(sentence, ctx.defaultRegion, startedAt);
    facts.push(reading.facts);
    commitments.read(sentence, reading.parse);
  }
  return { extraction: extractedDataOf(facts, ctx), tasks: commitments.tasks() };
}
