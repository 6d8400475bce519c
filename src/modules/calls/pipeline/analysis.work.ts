import type {
  AnalyzeCallOptions,
  CallAnalysis,
  TranscriptSegment,
} from '../../conversation/index.js';
import type { NlpWork } from '../../nlp/nlp-work.js';

/** The analysis step's reading of the transcript, on the NLP pool. */
export const analysisWork: NlpWork<
  { segments: readonly TranscriptSegment[]; options: AnalyzeCallOptions },
  CallAnalysis
> = {
  name: 'analysis',
  load: async () => {
    const { analyzeCall } = await import('../../conversation/index.js');
    return ({ segments, options }) => analyzeCall(segments, options);
  },
};
