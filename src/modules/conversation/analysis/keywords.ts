import type { CallAnalysis } from './analysis.types.js';
import { topCounts } from './numbers.js';

const MAX_KEYWORDS = 10;
const MIN_KEYWORD_COUNT = 2;

/** How often each content word occurs in the call. */
export function wordFrequencies(words: Iterable<string>): Map<string, number> {
  const frequencies = new Map<string, number>();
  for (const word of words) frequencies.set(word, (frequencies.get(word) ?? 0) + 1);
  return frequencies;
}

/** The ten most frequent content words said at least twice; ties in alphabetical order. */
export function topKeywords(frequencies: ReadonlyMap<string, number>): CallAnalysis['keywords'] {
  return topCounts(frequencies, MAX_KEYWORDS, MIN_KEYWORD_COUNT).map(([keyword, count]) => ({
    keyword,
    count,
  }));
}
