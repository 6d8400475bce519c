/** A word is a whitespace-separated token holding at least one letter or digit ("don't", "6.5%", "FHA"). */
export function countWords(text: string): number {
  let words = 0;
  for (const token of text.split(/\s+/)) {
    if (/[\p{L}\p{N}]/u.test(token)) words++;
  }
  return words;
}
