/**
 * Phrase matching for the `phrase_present` / `phrase_absent` checklist rules.
 *
 * - Case-, accent- and punctuation-insensitive: both the phrase and the transcript are reduced to
 *   lower-case words made of letters and digits. Apostrophes are dropped inside words, so "don't",
 *   "dont" and "Don’t" are the same word; "%" reads as "percent" and "&" as "and", so "100%" and
 *   "100 percent" match each other.
 * - Whole words only: "record" does not match "recorded".
 * - `*` standing alone as a word matches exactly one word: "my name is *" matches "My name is Sarah".
 *   A phrase needs at least one literal word; a phrase of wildcards only never matches.
 * - Negation: a match with one of NEGATIONS among the 3 words before it, in the same clause, is
 *   negated and does not count, so "we can't guarantee approval" is not the promise "guarantee
 *   approval" and "we don't record this call" is not a disclosure. Clauses end at . , ! ? ; : … and
 *   dashes, so in "No problem, we guarantee approval" the "no" does not negate the promise.
 * - A phrase is matched within one transcript segment, never across two.
 */

export interface CompiledPhrase {
  source: string;
  /** Literal words, with `null` for a `*` wildcard. */
  words: (string | null)[];
}

export interface PhraseMatch {
  phrase: string;
  /** The matched text as written in the segment. */
  matched: string;
  /** Where the match starts, as a fraction (0..1) of the segment's words; used to estimate its time. */
  position: number;
  negated: boolean;
}

export const NEGATIONS: ReadonlySet<string> = new Set([
  'not',
  'never',
  'no',
  'dont',
  'cant',
  'wont',
  'cannot',
  'doesnt',
  'didnt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'couldnt',
  'wouldnt',
  'shouldnt',
]);

const NEGATION_WINDOW_WORDS = 3;
const WILDCARD = '*';

const APOSTROPHES = /['’‘ʼ`]/gu;
const COMBINING_MARKS = /\p{M}/gu;
/** Words (apostrophes allowed inside), the symbols read aloud, and the punctuation that ends a clause. */
const LEXEMES = /[\p{L}\p{N}\p{M}]+(?:['’‘ʼ`][\p{L}\p{N}\p{M}]+)*|[%&]|[.,!?;:…–—]/gu;
const SPOKEN_SYMBOLS: Readonly<Record<string, string>> = { '%': 'percent', '&': 'and' };

interface Word {
  text: string;
  clause: number;
  /** Where the word is in the original text, so a match can be quoted as it was written. */
  from: number;
  to: number;
}

function normaliseWord(lexeme: string): string[] {
  return lexeme
    .normalize('NFKD')
    .replace(COMBINING_MARKS, '')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((part) => part.length > 0);
}

function toWords(text: string): Word[] {
  const words: Word[] = [];
  let clause = 0;
  for (const { 0: lexeme, index: from } of text.matchAll(LEXEMES)) {
    const to = from + lexeme.length;
    const spoken = SPOKEN_SYMBOLS[lexeme];
    if (spoken !== undefined) {
      words.push({ text: spoken, clause, from, to });
    } else if (/^[\p{L}\p{N}\p{M}]/u.test(lexeme)) {
      for (const part of normaliseWord(lexeme)) words.push({ text: part, clause, from, to });
    } else {
      clause += 1;
    }
  }
  return words;
}

/**
 * Scoring a call matches every rule's phrases against every segment: the checklist's phrases are
 * compiled once (a bounded memo: a checklist has at most a few hundred), and a segment is read
 * into words once per segment object (a weak memo, so a call's text is let go with the call).
 */
const MEMO_ENTRIES = 1000;
const compiledPhrases = new Map<string, CompiledPhrase>();
const wordsOfSegment = new WeakMap<object, Word[]>();

export function compilePhrase(phrase: string): CompiledPhrase {
  let compiled = compiledPhrases.get(phrase);
  if (!compiled) {
    const words = phrase
      .split(/\s+/u)
      .flatMap((chunk) => (chunk === WILDCARD ? [null] : toWords(chunk).map((word) => word.text)));
    compiled = { source: phrase, words };
    if (compiledPhrases.size >= MEMO_ENTRIES) compiledPhrases.clear();
    compiledPhrases.set(phrase, compiled);
  }
  return compiled;
}

/** True when the phrase can match something: it has at least one literal word. */
export function isMatchablePhrase(phrase: string): boolean {
  return compilePhrase(phrase).words.some((word) => word !== null);
}

function matchesAt(words: Word[], start: number, phrase: CompiledPhrase): boolean {
  return phrase.words.every((expected, offset) => {
    const word = words[start + offset];
    return word !== undefined && (expected === null || word.text === expected);
  });
}

function isNegatedAt(words: Word[], start: number): boolean {
  const clause = words[start]?.clause;
  for (let index = Math.max(0, start - NEGATION_WINDOW_WORDS); index < start; index += 1) {
    const word = words[index];
    if (word !== undefined && word.clause === clause && NEGATIONS.has(word.text)) {
      return true;
    }
  }
  return false;
}

/** `findPhraseMatches` in a segment's text, which is read into words once however many rules ask. */
export function findPhraseMatchesIn(
  segment: { readonly text: string },
  phrases: readonly CompiledPhrase[],
): PhraseMatch[] {
  let words = wordsOfSegment.get(segment);
  if (!words) {
    words = toWords(segment.text);
    wordsOfSegment.set(segment, words);
  }
  return findPhraseMatches(segment.text, phrases, words);
}

/** Every occurrence of every phrase in the text, negated ones included (flagged), in text order. */
export function findPhraseMatches(
  text: string,
  phrases: readonly CompiledPhrase[],
  words: Word[] = toWords(text),
): PhraseMatch[] {
  const matches: PhraseMatch[] = [];
  for (let start = 0; start < words.length; start += 1) {
    for (const phrase of phrases) {
      if (!phrase.words.some((word) => word !== null) || !matchesAt(words, start, phrase)) {
        continue;
      }
      const first = words[start];
      const last = words[start + phrase.words.length - 1];
      matches.push({
        phrase: phrase.source,
        matched: text.slice(first?.from, last?.to),
        position: start / words.length,
        negated: isNegatedAt(words, start),
      });
    }
  }
  return matches;
}
