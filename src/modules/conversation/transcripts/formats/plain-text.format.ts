import { TranscriptFormatError } from '../transcript-format.error.js';
import type { TranscriptSegment } from '../transcript.types.js';
import { countWords } from '../word-count.js';
import type { SourceTranscript } from './source-transcript.js';
import { splitSpeakerLabel } from './speaker-label.js';

export const PLAIN_TEXT_EXPECTED =
  'plain text with one "Speaker: text" line per utterance (lines without a label continue the utterance above)';

// Plain text carries no timings, yet talk time, talk ratio and monologues need some. Each turn is
// given the time it takes to say its words at 150 words per minute, a typical conversational
// English rate, so talk ratios follow how much each person said; pauses cannot be known, so turns
// follow each other without gaps and timing metrics of such calls are estimates.
const ESTIMATED_WORDS_PER_MINUTE = 150;
const SECONDS_PER_WORD = 60 / ESTIMATED_WORDS_PER_MINUTE;

/** Reads "Speaker: text" lines; the first line with text must name its speaker. */
export function parsePlainText(text: string): SourceTranscript {
  const turns: { speaker: string; text: string }[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const labelled = splitSpeakerLabel(line);
    const last = turns.at(-1);
    if (labelled) turns.push({ ...labelled });
    else if (last) last.text = `${last.text} ${line.trim()}`;
    else {
      // Plain text is what is left when nothing else matched: this may have been meant as anything.
      throw new TranscriptFormatError(
        `The transcript is in no recognised format (line ${index + 1} is not a "Speaker: text" line)`,
      );
    }
  });

  const segments: TranscriptSegment[] = [];
  let clock = 0;
  for (const turn of turns) {
    const words = countWords(turn.text);
    if (words === 0) continue;
    const end = clock + words * SECONDS_PER_WORD;
    segments.push({ speaker: turn.speaker, role: null, start: clock, end, text: turn.text });
    clock = end;
  }
  return { segments, language: null };
}
