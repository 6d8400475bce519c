import type { TranscriptSegment } from '../../conversation/index.js';
import type { ExtractionContext } from '../../extraction/index.js';
import type { NlpWork } from '../../nlp/nlp-work.js';
import type { CommitmentContext, DetectedTask } from './task-detection.types.js';
import type { TranscriptReading } from './transcript-reading.js';

/** Task detection on its own, on the NLP pool. */
export const taskDetectionWork: NlpWork<
  { segments: readonly TranscriptSegment[]; context: CommitmentContext },
  DetectedTask[]
> = {
  name: 'task detection',
  load: async () => {
    const { detectCommitments } = await import('./commitment-detector.js');
    return ({ segments, context }) => detectCommitments(segments, context);
  },
};

/** Extraction and task detection from one parse of each sentence, on the NLP pool. */
export const transcriptReadingWork: NlpWork<
  { segments: readonly TranscriptSegment[]; context: ExtractionContext },
  TranscriptReading
> = {
  name: 'reading',
  load: async () => {
    const { readTranscript } = await import('./transcript-reading.js');
    return ({ segments, context }) => readTranscript(segments, context);
  },
  // The pipeline's reading of every call: a new thread reads the made-up calls a few times first.
  warmUp: async () => {
    const [read, { WARM_UP_CALLS, WARM_UP_ROUNDS }] = await Promise.all([
      transcriptReadingWork.load(),
      import('./warm-up-calls.js'),
    ]);
    for (let round = 0; round < WARM_UP_ROUNDS; round += 1) WARM_UP_CALLS.forEach(read);
  },
};
