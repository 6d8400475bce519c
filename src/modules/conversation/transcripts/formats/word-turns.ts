import type { TranscriptSegment } from '../transcript.types.js';

/**
 * Word-level output (Deepgram and AssemblyAI without utterances) becomes one segment per turn:
 * a run of consecutive words by the same speaker.
 */
export function groupWordsIntoTurns(words: readonly TranscriptSegment[]): TranscriptSegment[] {
  const turns: TranscriptSegment[] = [];
  for (const word of words) {
    const turn = turns.at(-1);
    if (turn && turn.speaker === word.speaker) {
      turn.end = Math.max(turn.end, word.end);
      turn.text = `${turn.text} ${word.text}`;
    } else {
      turns.push({ ...word });
    }
  }
  return turns;
}
