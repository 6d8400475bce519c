import type { TranscriptSegment } from '../conversation/index.js';
import {
  NLP_MAX_SENTENCE_WORDS,
  NLP_MAX_TRANSCRIPT_WORDS,
  splitTranscript,
} from './transcript-sentences.js';

function segment(speaker: string, text: string, index = 0): TranscriptSegment {
  return { speaker, role: null, start: index * 10, end: index * 10 + 9, text };
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe(splitTranscript.name, () => {
  const sut = splitTranscript;

  it('keeps ordinary sentences whole, in order, with their speaker and role', () => {
    const sentences = sut(
      [
        segment('Sarah', "Hi, this is Sarah. I'll send the disclosure by Friday."),
        segment('Mike', 'Thanks, talk soon!', 1),
      ],
      'Sarah',
    );
    expect(sentences.map((s) => [s.text, s.role, s.segment_index, s.order])).toEqual([
      ['Hi, this is Sarah.', 'agent', 0, 0],
      ["I'll send the disclosure by Friday.", 'agent', 0, 1],
      ['Thanks, talk soon!', 'customer', 1, 2],
    ]);
  });

  it('cuts a sentence longer than the cap into consecutive pieces of at most the cap', () => {
    const words = Array.from({ length: 2.5 * NLP_MAX_SENTENCE_WORDS }, (_, i) => `w${i}`);
    const sentences = sut([segment('Mike', words.join(' '))], 'Sarah');

    expect(sentences.map((s) => wordCount(s.text))).toEqual([
      NLP_MAX_SENTENCE_WORDS,
      NLP_MAX_SENTENCE_WORDS,
      NLP_MAX_SENTENCE_WORDS / 2,
    ]);
    expect(sentences.map((s) => s.text).join(' ')).toBe(words.join(' '));
    expect(sentences.map((s) => s.order)).toEqual([0, 1, 2]);
  });

  it('reads no more than the transcript cap of a pathological transcript (200,000 words in one sentence)', () => {
    const text = Array.from({ length: 200_000 }, (_, i) => ['I', 'will', 'send', 'it'][i % 4]).join(
      ' ',
    );
    const sentences = sut([segment('Mike', text), segment('Mike', 'Bye now.', 1)], 'Sarah');

    const read = sentences.reduce((sum, s) => sum + wordCount(s.text), 0);
    expect(read).toBe(NLP_MAX_TRANSCRIPT_WORDS);
    expect(Math.max(...sentences.map((s) => wordCount(s.text)))).toBe(NLP_MAX_SENTENCE_WORDS);
    // The words past the cap, the next segment's included, are not read.
    expect(sentences.every((s) => s.segment_index === 0)).toBe(true);
  });

  it('counts the cap across segments and stops inside the segment that reaches it', () => {
    const half = Array.from({ length: NLP_MAX_TRANSCRIPT_WORDS / 2 + 10 }, () => 'okay.').join(' ');
    const sentences = sut(
      [segment('Sarah', half), segment('Mike', half, 1), segment('Sarah', 'Bye.', 2)],
      'Sarah',
    );

    expect(sentences).toHaveLength(NLP_MAX_TRANSCRIPT_WORDS);
    expect(sentences.at(-1)!.segment_index).toBe(1);
  });
});
