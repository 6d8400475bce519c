import { analyzeCall, type AnalyzeCallOptions } from '../conversation/index.js';
import type { CallAnalysis } from '../conversation/index.js';
import type { TranscriptSegment } from '../conversation/index.js';
import { extractCallData, extractedDataOf } from '../extraction/data-extractor.js';
import type { ExtractedData, ExtractionContext } from '../extraction/extraction.types.js';
import { readSentenceShared, type SentenceFacts } from '../extraction/sentence-facts.js';
import { splitTranscript } from '../extraction/transcript-sentences.js';
import { Commitments, detectCommitments } from '../tasks/detection/commitment-detector.js';
import type { CommitmentContext, DetectedTask } from '../tasks/detection/task-detection.types.js';

/** The CPU-bound reading of a transcript the pipeline hands to the NLP pool; plain data both ways. */
export type NlpWork =
  | { kind: 'analysis'; segments: readonly TranscriptSegment[]; options: AnalyzeCallOptions }
  | { kind: 'extraction'; segments: readonly TranscriptSegment[]; context: ExtractionContext }
  | { kind: 'tasks'; segments: readonly TranscriptSegment[]; context: CommitmentContext }
  | { kind: 'reading'; segments: readonly TranscriptSegment[]; context: ExtractionContext };

/** Extraction and task detection from one parse of each sentence. */
export interface TranscriptReading {
  extraction: ExtractedData;
  /** Assigned to nobody yet (`assignee_user_id` is empty): extraction does not know the call's team member. */
  tasks: DetectedTask[];
}

export interface NlpResults {
  analysis: CallAnalysis;
  extraction: ExtractedData;
  tasks: DetectedTask[];
  reading: TranscriptReading;
}

export function doNlpWork(work: NlpWork): NlpResults[NlpWork['kind']] {
  switch (work.kind) {
    case 'analysis':
      return analyzeCall(work.segments, work.options);
    case 'extraction':
      return extractCallData(work.segments, work.context);
    case 'tasks':
      return detectCommitments(work.segments, work.context);
    case 'reading':
      return readTranscript(work.segments, work.context);
  }
}

/**
 * What `extraction` and `tasks` find, with each sentence parsed once rather than once by each
 * (the parse is most of the work); a sentence's parse is dropped once both have read it.
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
