const MAX_SUMMARY_SENTENCES = 3;
const MAX_SUMMARY_LENGTH = 500;

export interface SummaryCandidate {
  text: string;
  words: readonly string[];
}

function truncateAtWord(text: string, length: number): string {
  const cut = text.slice(0, length - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${lastSpace > 0 ? cut.slice(0, lastSpace) : cut}…`;
}

/**
 * An extractive summary: each sentence (in call order, with its content words) scores the sum of
 * the call frequencies of its distinct content words, so sentences dense in what the call keeps
 * coming back to win. The best three that fit in 500 characters (ties to the earlier sentence,
 * repeats skipped) are joined in call order; when even the best alone is too long it is cut at
 * a word. Sentences without content words are never chosen, so a call of small talk has "".
 */
export function extractiveSummary(
  sentences: readonly SummaryCandidate[],
  frequencies: ReadonlyMap<string, number>,
): string {
  const ranked = sentences
    .map((sentence, index) => ({
      index,
      text: sentence.text,
      score: [...new Set(sentence.words)].reduce(
        (sum, word) => sum + (frequencies.get(word) ?? 0),
        0,
      ),
    }))
    .filter((sentence) => sentence.score > 0)
    .sort((a, b) => b.score - a.score || a.index - b.index);
  if (ranked.length === 0) return '';

  const chosen: typeof ranked = [];
  const seen = new Set<string>();
  let length = 0;
  for (const sentence of ranked) {
    if (chosen.length === MAX_SUMMARY_SENTENCES) break;
    const key = sentence.text.toLowerCase();
    const added = sentence.text.length + (chosen.length > 0 ? 1 : 0);
    if (seen.has(key) || length + added > MAX_SUMMARY_LENGTH) continue;
    chosen.push(sentence);
    seen.add(key);
    length += added;
  }
  if (chosen.length === 0) return truncateAtWord(ranked[0].text, MAX_SUMMARY_LENGTH);
  return chosen
    .sort((a, b) => a.index - b.index)
    .map((sentence) => sentence.text)
    .join(' ');
}
