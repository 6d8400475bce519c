import nlp from 'compromise';
import { speedUp } from './compromise-speedups.js';

/**
 * compromise tags "Mercy General Hospital" as an organisation because "hospital"
 * is one of its organisation words; names common in lending and B2B calls end in
 * words it does not list. The plugin is additive and only widens what counts as an
 * organisation for title-cased names, so other modules sharing compromise are unaffected.
 */
const ORGANISATION_WORDS = [
  'lending',
  'lenders',
  'mortgage',
  'loans',
  'realty',
  'homes',
  'title',
  'escrow',
  'traders',
  'software',
  'solutions',
  'technologies',
  'labs',
  'logistics',
  'consultants',
];

nlp.plugin({
  model: { two: { orgWords: Object.fromEntries(ORGANISATION_WORDS.map((word) => [word, true])) } },
});

speedUp(nlp);

/** A parsed text, as `nlp(text)` returns it. */
export type NlpDoc = ReturnType<typeof nlp>;

/** Character span of a match inside the text it was found in. */
export interface TextSpan {
  start: number;
  end: number;
}

/** The parts of compromise's `json({ offset: true })` output this module reads. */
export interface NlpMatch {
  text: string;
  offset: { start: number; length: number };
  terms: { text: string; tags: string[] }[];
}

export function matchesOf(view: { json: (options: object) => unknown }): NlpMatch[] {
  return view.json({ offset: true, terms: { offset: true } }) as NlpMatch[];
}

/** The match's words without the punctuation or possessive compromise keeps ("Chen's?" → "Chen"). */
export function wordsOf(match: NlpMatch): string {
  return match.terms
    .map((term) => term.text)
    .join(' ')
    .replace(/[.,;:!?]+$/, '')
    .replace(/['’]s$/, '')
    .trim();
}

export function overlaps(a: TextSpan, b: TextSpan): boolean {
  return a.start < b.end && b.start < a.end;
}

export { nlp };
