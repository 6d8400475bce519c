import { sentencesOf, type SpeakerRole, type TranscriptSegment } from '../conversation/index.js';
import type { Evidence } from './extraction.types.js';

/**
 * The NLP readers (extraction, task detection) tag every word and match patterns over whole
 * sentences, which costs more than linear time in a sentence's length: one sentence of 32,000
 * words took 87 s. A spoken sentence is rarely longer than 40 words, so a longer one (a
 * transcript without punctuation) is read in pieces of at most this many words.
 */
export const NLP_MAX_SENTENCE_WORDS = 60;
/**
 * Words of a transcript the NLP readers read: about an hour and a half of speech. The rest is
 * stored, and analysed and scored (word counts, talk ratio, sentiment, checklist phrases) like
 * the beginning, but yields no extracted data or tasks.
 */
export const NLP_MAX_TRANSCRIPT_WORDS = 12_000;

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

/** The sentences the NLP readers read, within NLP_MAX_SENTENCE_WORDS and NLP_MAX_TRANSCRIPT_WORDS. */
export function splitTranscript(
  segments: readonly TranscriptSegment[],
  agentSpeaker: string,
): TranscriptSentence[] {
  const sentences: TranscriptSentence[] = [];
  let wordsLeft = NLP_MAX_TRANSCRIPT_WORDS;
  for (const [segmentIndex, segment] of segments.entries()) {
    if (wordsLeft <= 0) break;
    const role: SpeakerRole = segment.speaker === agentSpeaker ? 'agent' : 'customer';
    const words = firstWords(segment.text, wordsLeft);
    wordsLeft -= words.count;
    for (const sentence of sentencesOf(words.text)) {
      for (const text of pieces(sentence)) {
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
    }
  }
  return sentences;
}

/** At most `limit` words from the start of `text`, found without splitting all of it. */
function firstWords(text: string, limit: number): { text: string; count: number } {
  const word = /\S+/g;
  let count = 0;
  let end = 0;
  while (count < limit && word.exec(text)) {
    count += 1;
    end = word.lastIndex;
  }
  return { text: text.slice(0, end), count };
}

/** The sentence, or its consecutive pieces of NLP_MAX_SENTENCE_WORDS words when it is longer. */
function pieces(sentence: string): string[] {
  if (sentence === '') return [];
  const words = sentence.split(/\s+/);
  if (words.length <= NLP_MAX_SENTENCE_WORDS) return [sentence];
  const out: string[] = [];
  for (let i = 0; i < words.length; i += NLP_MAX_SENTENCE_WORDS)
    out.push(words.slice(i, i + NLP_MAX_SENTENCE_WORDS).join(' '));
  return out;
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
