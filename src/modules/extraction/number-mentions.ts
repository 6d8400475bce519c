import type { Currency } from './extraction.types.js';
import { matchesOf, nlp, type TextSpan } from './nlp.js';

/** A number said in a sentence, read by compromise ("four hundred twenty thousand", "420k", "$420,000"). */
export interface NumberMention extends TextSpan {
  text: string;
  value: number;
  percent: boolean;
  /** Set only when the speaker marked it as money ($, dollars, bucks, grand, €…). */
  currency: Currency | null;
  /** Said with a magnitude (thousand, million, k, grand), so "four twenty" style shorthand does not apply. */
  scaled: boolean;
  /** Written "420k" or "1.2m": in a call, shorthand for money. */
  shorthand: boolean;
}

interface NlpNumber {
  text: string;
  offset: { start: number; length: number };
  number: { prefix: string; num: number | null; suffix: string; unit: string };
}

const CURRENCY_SYMBOLS: Record<string, Currency> = {
  $: 'USD',
  '€': 'EUR',
  '£': 'GBP',
  '¥': 'JPY',
  '₹': 'INR',
};

/** Dollars are taken as USD: the deployments this serves are US lenders and sales teams. */
const CURRENCY_WORDS: Record<string, Currency> = {
  dollar: 'USD',
  dollars: 'USD',
  buck: 'USD',
  bucks: 'USD',
  usd: 'USD',
  grand: 'USD',
  euro: 'EUR',
  euros: 'EUR',
  pound: 'GBP',
  pounds: 'GBP',
  yen: 'JPY',
  rupee: 'INR',
  rupees: 'INR',
};

const SHORTHAND: Record<string, number> = { k: 1_000, m: 1_000_000, mm: 1_000_000 };
const SCALE_WORDS = /\b(thousand|million|billion)\b/i;
const PERCENT_WORDS = new Set(['percent', 'pct', '%']);

/**
 * Rewrites "$1,850/month" as "$1,850 per month": compromise reads no number
 * glued to a slash. Offsets of mentions refer to the returned text.
 */
export function normaliseForNumbers(text: string): string {
  return text.replace(/(\d)\s*\/\s*(?=[a-z])/gi, '$1 per ');
}

/** `doc` is `text` already parsed, when the caller has it. */
export function findNumbers(text: string, doc = nlp(text)): NumberMention[] {
  const raw = (matchesOf(doc.numbers()) as unknown as NlpNumber[]).filter(
    (match) => match.number.num !== null && Number.isFinite(match.number.num),
  );
  const mentions: NumberMention[] = [];
  for (const match of raw) {
    const mention = toMention(text, match);
    const previous = mentions.at(-1);
    if (previous && isSplitHundreds(text, previous, mention)) {
      mentions[mentions.length - 1] = joinHundreds(text, previous, mention);
    } else {
      mentions.push(mention);
    }
  }
  return mentions;
}

function toMention(text: string, match: NlpNumber): NumberMention {
  const start = match.offset.start;
  // compromise sometimes swallows the next article or the closing punctuation ("95 thousand a").
  const digits = match.text.replace(/[\s.,;:!?]+$/, '').replace(/\s+(a|an)$/i, '');
  const next = /^\s*([a-z%]+)/i.exec(text.slice(start + digits.length));
  const nextWord = next?.[1]?.toLowerCase() ?? '';
  // The unit belongs to the number: "10 percent" and "twenty grand" are one mention.
  const ownsNextWord = PERCENT_WORDS.has(nextWord) || nextWord in CURRENCY_WORDS;
  const spoken = ownsNextWord ? text.slice(start, start + digits.length + next![0].length) : digits;
  const end = start + spoken.length;
  const { prefix, suffix, unit } = match.number;
  const unitWord = unit.toLowerCase();
  const suffixWord = suffix.toLowerCase();

  const shorthandMultiplier = SHORTHAND[suffixWord] ?? SHORTHAND[unitWord];
  const multiplier = shorthandMultiplier ?? (nextWord === 'grand' ? 1_000 : 1);
  const currency =
    // compromise loses the "$" of "$2,500 a month" from its prefix but keeps it in the text.
    CURRENCY_SYMBOLS[prefix] ??
    CURRENCY_SYMBOLS[spoken.charAt(0)] ??
    CURRENCY_WORDS[unitWord] ??
    CURRENCY_WORDS[nextWord] ??
    null;
  const percent =
    PERCENT_WORDS.has(suffixWord) || PERCENT_WORDS.has(unitWord) || PERCENT_WORDS.has(nextWord);

  return {
    start,
    end,
    text: spoken,
    value: round((match.number.num ?? 0) * multiplier),
    percent,
    currency,
    scaled: multiplier !== 1 || SCALE_WORDS.test(spoken),
    shorthand: shorthandMultiplier !== undefined,
  };
}

/**
 * "eighteen fifty" is one number (1,850) in speech; compromise returns 18 and 50
 * although it joins "seven twenty" into 720 itself.
 */
function isSplitHundreds(text: string, first: NumberMention, second: NumberMention): boolean {
  return (
    /^\s+$/.test(text.slice(first.end, second.start)) &&
    Number.isInteger(first.value) &&
    first.value >= 10 &&
    first.value <= 99 &&
    Number.isInteger(second.value) &&
    second.value >= 10 &&
    second.value <= 99 &&
    !first.percent &&
    !first.scaled &&
    first.currency === null
  );
}

function joinHundreds(text: string, first: NumberMention, second: NumberMention): NumberMention {
  return {
    ...second,
    start: first.start,
    text: text.slice(first.start, second.end),
    value: first.value * 100 + second.value,
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
