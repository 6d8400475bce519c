import type { TranscriptSegment } from '../conversation/index.js';
import type { NlpWork } from '../nlp/nlp-work.js';
import type { ExtractedData, ExtractionContext } from './extraction.types.js';

/** Extraction on its own, on the NLP pool (see `ExtractionReader` for when it is shared). */
export const extractionWork: NlpWork<
  { segments: readonly TranscriptSegment[]; context: ExtractionContext },
  ExtractedData
> = {
  name: 'extraction',
  load: async () => {
    const { extractCallData } = await import('./data-extractor.js');
    return ({ segments, context }) => extractCallData(segments, context);
  },
};
