import type {
  AnalyzeCallOptions,
  CallAnalysis,
  TranscriptSegment,
} from '../../conversation/index.js';
import type { NlpWork } from '../../nlp/nlp-work.js';

/**
 * Characters of transcript analysed on the event loop rather than on the NLP pool: a few
 * minutes of talk, a millisecond or two of work (the analysis is linear in the text), less
 * than the pool's round trip costs the two threads together.
 */
export const ANALYSIS_HERE_MAX_CHARS = 2_000;

/** The analysis step's reading of the transcript: on the NLP pool, unless it is short. */
export const analysisWork: NlpWork<
  { segments: readonly TranscriptSegment[]; options: AnalyzeCallOptions },
  CallAnalysis
> = {
  name: 'analysis',
  load: async () => {
    const { analyzeCall } = await import('../../conversation/index.js');
    return ({ segments, options }) => analyzeCall(segments, options);
  },
  runsHere: ({ segments }) => {
    let chars = 0;
    for (const segment of segments) {
      chars += segment.text.length;
      if (chars > ANALYSIS_HERE_MAX_CHARS) return false;
    }
    return true;
  },
};
