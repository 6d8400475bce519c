import type { SpeakerRole, TranscriptSegment } from '../conversation/index.js';
import type { Evidence } from './extraction.types.js';
import { nlp } from './nlp.js';

/** One sentence of one segment: the unit every extractor reads and quotes as evidence. */
export interface TranscriptSentence {
  segment_index: number;
  speaker: string;
  role: SpeakerRole;
  /** Segment times in seconds. */
  start: number;
  end: number;
  text: string;
  /** Position of the sentence within the call, for "the later mention wins". */
  order: number;
}

export function splitTranscript(
  segments: readonly TranscriptSegment[],
  agentSpeaker: string,
): TranscriptSentence[] {
  const sentences: TranscriptSentence[] = [];
  segments.forEach((segment, segmentIndex) => {
    const role: SpeakerRole = segment.speaker === agentSpeaker ? 'agent' : 'customer';
    // Tokenising finds the sentences without tagging every word, which the readers do later.
    for (const raw of nlp.tokenize(segment.text).out('array') as string[]) {
      const text = raw.trim();
      if (text === '') continue;
      sentences.push({
        segment_index: segmentIndex,
        speaker: segment.speaker,
        role,
        start: segment.start,
        end: segment.end,
        text,
        order: sentences.length,
      });
    }
  });
  return sentences;
}

export function evidenceOf(sentence: TranscriptSentence): Evidence {
  return {
    segment_index: sentence.segment_index,
    speaker: sentence.speaker,
    start: sentence.start,
    end: sentence.end,
    quote: sentence.text,
  };
}
