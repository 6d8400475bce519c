import type { ExtractedValue } from './extraction.types.js';
import { evidenceOf, type TranscriptSentence } from './transcript-sentences.js';

/** A value with where it was said, before de-duplication and the "later mention wins" rule. */
export interface Candidate<T> {
  extracted: ExtractedValue<T>;
  /** Sentence order, then character offset: the order in which things were said. */
  position: [number, number];
}

export function candidate<T>(
  value: T,
  confidence: number,
  sentence: TranscriptSentence,
  offset = 0,
): Candidate<T> {
  return {
    extracted: { value, confidence: round(confidence), evidence: evidenceOf(sentence) },
    position: [sentence.order, offset],
  };
}

export function comesBefore(a: Candidate<unknown>, b: Candidate<unknown>): boolean {
  return (
    a.position[0] < b.position[0] ||
    (a.position[0] === b.position[0] && a.position[1] < b.position[1])
  );
}

/** One value per normalised key, keeping the most confident mention (the earlier on a tie), in call order. */
export function dedupe<T>(
  candidates: Candidate<T>[],
  keyOf: (value: T) => string,
): ExtractedValue<T>[] {
  const best = new Map<string, Candidate<T>>();
  for (const current of candidates) {
    const key = keyOf(current.extracted.value);
    const kept = best.get(key);
    const moreConfident = kept && current.extracted.confidence > kept.extracted.confidence;
    const earlierTie =
      kept &&
      current.extracted.confidence === kept.extracted.confidence &&
      comesBefore(current, kept);
    if (!kept || moreConfident || earlierTie) best.set(key, current);
  }
  return [...best.values()]
    .sort((a, b) => (comesBefore(a, b) ? -1 : comesBefore(b, a) ? 1 : 0))
    .map((kept) => kept.extracted);
}

/** The last mention in call order: a later figure replaces (corrects) an earlier one. */
export function latest<T>(candidates: Candidate<T>[]): Candidate<T> | null {
  return candidates.reduce<Candidate<T> | null>(
    (last, current) => (last === null || comesBefore(last, current) ? current : last),
    null,
  );
}

export function round(confidence: number): number {
  return Math.round(Math.min(1, Math.max(0, confidence)) * 100) / 100;
}
