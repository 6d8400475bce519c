import { analyzeCall, type AnalyzeCallOptions } from '../conversation/index.js';
import type { CallAnalysis } from '../conversation/index.js';
import type { TranscriptSegment } from '../conversation/index.js';
import { extractCallData } from '../extraction/data-extractor.js';
import type { ExtractedData, ExtractionContext } from '../extraction/extraction.types.js';
import { detectCommitments } from '../tasks/detection/commitment-detector.js';
import type { CommitmentContext, DetectedTask } from '../tasks/detection/task-detection.types.js';

/** The CPU-bound reading of a transcript the pipeline hands to the NLP pool; plain data both ways. */
export type NlpWork =
  | { kind: 'analysis'; segments: readonly TranscriptSegment[]; options: AnalyzeCallOptions }
  | { kind: 'extraction'; segments: readonly TranscriptSegment[]; context: ExtractionContext }
  | { kind: 'tasks'; segments: readonly TranscriptSegment[]; context: CommitmentContext };

export interface NlpResults {
  analysis: CallAnalysis;
  extraction: ExtractedData;
  tasks: DetectedTask[];
}

export function doNlpWork(work: NlpWork): NlpResults[NlpWork['kind']] {
  switch (work.kind) {
    case 'analysis':
      return analyzeCall(work.segments, work.options);
    case 'extraction':
      return extractCallData(work.segments, work.context);
    case 'tasks':
      return detectCommitments(work.segments, work.context);
  }
}
