import type { UsAddress } from './extraction.types.js';
import type { TextSpan } from './nlp.js';

/**
 * US street addresses as transcripts write them: "1234 Maple Street, Springfield, IL 62704",
 * "55 West 5th Ave Apt 3B Austin Texas 78701". compromise has no address parser and none is
 * installed, so this is a focused matcher over words, not a general one:
 *   house number (digits) + 1–4 street-name words (title-cased, or ordinals like "5th")
 *   + a street suffix (+ a directional) (+ Apt/Unit/Suite/# and its number)
 *   (+ city words + state code or name) (+ ZIP).
 * Numbers spoken as words ("twelve thirty-four") and all-lower-case names are not matched,
 * which keeps "2 kids on the street" out. A city is reported only when a state follows it.
 */
export interface AddressMention extends TextSpan {
  address: UsAddress;
}

const STREET_SUFFIXES = new Set(
  [
    'street st avenue ave av road rd boulevard blvd drive dr lane ln court ct way place pl',
    'terrace ter circle cir parkway pkwy highway hwy trail trl loop square sq alley crescent',
    'path pike plaza',
  ]
    .join(' ')
    .split(' '),
);
const DIRECTIONALS = new Set(['n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw']);
const UNIT_WORDS = new Set(['apt', 'apartment', 'unit', 'suite', 'ste']);

const STATES: Record<string, string> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  PR: 'Puerto Rico',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
};
const STATE_BY_NAME = new Map(
  Object.entries(STATES).map(([code, name]) => [name.toLowerCase(), code]),
);

/** "St." and "Ave." end with a period that does not end the sentence. */
const ABBREVIATION = /^(st|ave|av|rd|blvd|dr|ln|ct|pl|ter|cir|pkwy|hwy|trl|sq|ste|apt)$/i;

interface Token extends TextSpan {
  /** The word without surrounding punctuation. */
  word: string;
  /** Punctuation right after the word ends a part of the address ("Street," "Springfield."). */
  closes: boolean;
  endsSentence: boolean;
}

export function findUsAddresses(text: string): AddressMention[] {
  const tokens = tokenize(text);
  const found: AddressMention[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const match = matchAt(text, tokens, i);
    if (match) {
      found.push(match.mention);
      i = match.lastToken;
    }
  }
  return found;
}

function tokenize(text: string): Token[] {
  return [...text.matchAll(/\S+/g)].map((match) => {
    const raw = match[0];
    const lead = /^[("'“]*/.exec(raw)?.[0].length ?? 0;
    const core = raw.slice(lead).replace(/[)"'”.,;:!?]+$/, '');
    const trailing = raw.slice(lead + core.length);
    return {
      start: match.index + lead,
      end: match.index + lead + core.length,
      word: core,
      closes: /[,;:!?.]/.test(trailing),
      endsSentence: /[!?]/.test(trailing) || (/\.$/.test(trailing) && !ABBREVIATION.test(core)),
    };
  });
}

function matchAt(
  text: string,
  tokens: Token[],
  first: number,
): { mention: AddressMention; lastToken: number } | null {
  const houseNumber = tokens[first];
  if (!houseNumber || !/^\d{1,6}[A-Za-z]?$/.test(houseNumber.word) || houseNumber.closes) {
    return null;
  }

  let suffixAt = -1;
  for (let i = first + 1; i < tokens.length && i <= first + 5; i += 1) {
    const token = tokens[i]!;
    if (!isStreetNameWord(token.word)) break;
    if (i > first + 1 && STREET_SUFFIXES.has(token.word.toLowerCase())) suffixAt = i;
    if (token.closes) break;
  }
  if (suffixAt < 0) return null;

  let last = suffixAt;
  const directional = tokens[last + 1];
  if (directional && !tokens[last]!.closes && DIRECTIONALS.has(directional.word.toLowerCase())) {
    last += 1;
  }
  const unitEnd = unitAfter(tokens, last);
  if (unitEnd !== null) last = unitEnd;
  const street = text.slice(houseNumber.start, tokens[last]!.end);

  const place = placeAfter(tokens, last);
  const end = place ? place.lastToken : last;
  return {
    mention: {
      start: houseNumber.start,
      end: tokens[end]!.end,
      address: {
        street,
        city: place?.city ?? null,
        state: place?.state ?? null,
        postal_code: place?.postalCode ?? null,
        text: text.slice(houseNumber.start, tokens[end]!.end),
      },
    },
    lastToken: end,
  };
}

function isStreetNameWord(word: string): boolean {
  return /^\p{Lu}[\p{L}'’-]*$/u.test(word) || /^\d+(st|nd|rd|th)$/i.test(word);
}

function unitAfter(tokens: Token[], last: number): number | null {
  const marker = tokens[last + 1];
  if (!marker) return null;
  if (/^#\w+$/.test(marker.word)) return last + 1;
  const number = tokens[last + 2];
  if (UNIT_WORDS.has(marker.word.toLowerCase()) && number && /^#?\w{1,6}$/.test(number.word)) {
    return last + 2;
  }
  return null;
}

/**
 * City words, then a state (code or name), then an optional ZIP; `null` without a state.
 * The furthest state wins, so "Washington DC" is the city Washington in DC.
 */
function placeAfter(
  tokens: Token[],
  last: number,
): { city: string | null; state: string; postalCode: string | null; lastToken: number } | null {
  const words: Token[] = [];
  for (let i = last + 1; i < tokens.length && words.length < 5; i += 1) {
    const token = tokens[i]!;
    if (!/^\p{Lu}[\p{L}'’.-]*$/u.test(token.word)) break;
    words.push(token);
    if (token.endsSentence) break;
  }
  for (let count = words.length; count > 0; count -= 1) {
    const candidate = words.slice(0, count);
    const state = stateEndingAt(candidate);
    if (!state) continue;
    const cityWords = candidate.slice(0, count - state.words);
    const stateToken = last + count;
    const zip = tokens[stateToken + 1];
    const hasZip = !!zip && !tokens[stateToken]!.endsSentence && /^\d{5}(-\d{4})?$/.test(zip.word);
    return {
      city: cityWords.length > 0 ? cityWords.map((w) => w.word).join(' ') : null,
      state: state.code,
      postalCode: hasZip ? zip.word : null,
      lastToken: hasZip ? stateToken + 1 : stateToken,
    };
  }
  return null;
}

function stateEndingAt(words: Token[]): { code: string; words: number } | null {
  const lastWord = words.at(-1)!.word;
  // A two-letter code must be written in capitals: "IN" and "OR" are states, "in" and "or" are not.
  if (/^[A-Z]{2}$/.test(lastWord) && STATES[lastWord] && words.length > 1) {
    return { code: lastWord, words: 1 };
  }
  for (const count of [3, 2, 1]) {
    if (words.length < count) continue;
    const name = words
      .slice(-count)
      .map((w) => w.word.toLowerCase())
      .join(' ');
    const code = STATE_BY_NAME.get(name);
    if (code) return { code, words: count };
  }
  return null;
}
