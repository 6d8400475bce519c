import nlp from 'compromise';

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

type Regs = Record<string, unknown>[];
type ParseMatch = (pattern: unknown, options: unknown, world: unknown) => Regs;

/** Distinct patterns remembered; compromise's own methods use a few hundred. */
const PARSED_PATTERNS_KEPT = 2000;

/**
 * compromise parses a match pattern each time it is used, and its own methods (`people()`,
 * `numbers()`, `verbs()`, its tagger's fix-ups…) match with pattern strings too: parsing them
 * took about a tenth of the readers' time. Parsed patterns are remembered here, through
 * compromise's plugin interface; each use gets its own copy of the tokens, since `growLeft`
 * and `growRight` mark the ones they are given.
 */
function rememberParsedPatterns(parse: ParseMatch): ParseMatch {
  const parsed = new Map<string, Regs>();
  return (pattern, options, world) => {
    if (typeof pattern !== 'string' || (options && Object.keys(options).length > 0)) {
      return parse(pattern, options, world);
    }
    let regs = parsed.get(pattern);
    if (!regs) {
      regs = parse(pattern, options, world);
      if (parsed.size < PARSED_PATTERNS_KEPT) parsed.set(pattern, regs);
    }
    return regs.map((reg) => ({ ...reg }));
  };
}

type KillUnicode = (text: string, world: unknown) => string;

/** Any character outside ASCII; compromise's unicode table maps every ASCII character to itself. */
const NOT_ASCII = /[^\x00-\x7f]/; // eslint-disable-line no-control-regex

/**
 * compromise folds accented letters ("Björk" → "Bjork") by splitting a string into characters
 * and joining them again, for every word it normalises and every match pattern it is given,
 * even its own methods': about a twentieth of the readers' time. A string that is all ASCII
 * comes back unchanged, so it is returned as it is.
 */
function skipAscii(killUnicode: KillUnicode): KillUnicode {
  return (text, world) => (text && NOT_ASCII.test(text) ? killUnicode(text, world) : text || '');
}

const methods = nlp.methods() as { one: { parseMatch: ParseMatch; killUnicode: KillUnicode } };
nlp.plugin({
  methods: {
    one: {
      parseMatch: rememberParsedPatterns(methods.one.parseMatch),
      killUnicode: skipAscii(methods.one.killUnicode),
    },
  },
});

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
