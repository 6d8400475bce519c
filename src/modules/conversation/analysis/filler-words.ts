/**
 * The filler words counted, each with the spellings transcribers use for it: drawn-out forms
 * ("ummm", "hmmm") count as the word. "Like" is left out: as a filler it cannot be told from the
 * verb and the preposition without parsing. Backchannels ("mm-hmm", "uh-huh") are not fillers.
 */
const SINGLE_WORD_FILLERS: readonly (readonly [string, RegExp])[] = [
  ['um', /^u+m+$/],
  ['uh', /^u+h+$/],
  ['uhm', /^u+h+m+$/],
  ['er', /^e+r+$/],
  ['erm', /^e+r+m+$/],
  ['hmm', /^h+m+$/],
  ['basically', /^basically$/],
  ['actually', /^actually$/],
  ['literally', /^literally$/],
];
const TWO_WORD_FILLERS: readonly string[] = ['you know', 'i mean', 'kind of', 'sort of'];

// Hyphenated words stay whole so that "uh-huh" is not read as the filler "uh".
const TOKEN = /[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu;

/** Occurrences of each filler in the text, case-insensitive, keyed by the filler's listed form. */
export function countFillers(text: string): Map<string, number> {
  const tokens = text.toLowerCase().replace(/’/g, "'").match(TOKEN) ?? [];
  const counts = new Map<string, number>();
  const add = (filler: string) => counts.set(filler, (counts.get(filler) ?? 0) + 1);
  for (let i = 0; i < tokens.length; i++) {
    const pair = `${tokens[i]} ${tokens[i + 1]}`;
    if (TWO_WORD_FILLERS.includes(pair)) {
      add(pair);
      i++;
      continue;
    }
    const single = SINGLE_WORD_FILLERS.find(([, spelling]) => spelling.test(tokens[i]));
    if (single) add(single[0]);
  }
  return counts;
}
