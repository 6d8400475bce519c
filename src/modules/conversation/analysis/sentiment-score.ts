import Sentiment from 'sentiment';
import type { CallAnalysis } from './analysis.types.js';
import { round2 } from './numbers.js';

const afinn = new Sentiment();

/** AFINN points and word count of some text, to be added up over a speaker or the call. */
export interface SentimentTally {
  score: number;
  words: number;
}

export function tallySentiment(text: string): SentimentTally {
  // The negation list spells "don't" with a straight apostrophe.
  const result = afinn.analyze(text.replace(/’/g, "'"));
  return { score: result.score, words: result.tokens.filter((token) => token !== '').length };
}

/**
 * Mean AFINN points per word (AFINN rates words from -5 to +5; a preceding "not", "don't" and the
 * like flips a word), clamped to [-1, 1]. No further scaling: a whole speaker's mean rarely
 * leaves [-1, 1], and dividing by 5 would put nearly every call under the label thresholds.
 */
export function sentimentScore(tallies: readonly SentimentTally[]): number {
  const words = tallies.reduce((sum, tally) => sum + tally.words, 0);
  if (words === 0) return 0;
  const score = tallies.reduce((sum, tally) => sum + tally.score, 0);
  return round2(Math.min(1, Math.max(-1, score / words)));
}

/** Positive above 0.05 (one AFINN point every 20 words), negative below -0.05, else neutral. */
export function sentimentLabel(score: number): CallAnalysis['sentiment']['label'] {
  if (score > 0.05) return 'positive';
  if (score < -0.05) return 'negative';
  return 'neutral';
}
