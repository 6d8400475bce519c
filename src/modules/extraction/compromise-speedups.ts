import type nlp from 'compromise';

/*
 * compromise spends much of a parse on bookkeeping whose result does not depend on the text.
 * Each function here replaces one of its methods, through its plugin interface, with one that
 * returns the same result for less work; `nlp.spec.ts` and `compromise-speedups.spec.ts` check
 * the results are the same.
 */

type Regs = Record<string, unknown>[];
type ParseMatch = (pattern: unknown, options: unknown, world: unknown) => Regs;

/** Distinct patterns remembered; compromise's own methods use a few hundred. */
const PARSED_PATTERNS_KEPT = 2000;

/**
 * compromise parses a match pattern each time it is used, and its own methods (`people()`,
 * `numbers()`, `verbs()`, its tagger's fix-ups…) match with pattern strings too: parsing them
 * took about a tenth of the readers' time. Parsed patterns are remembered here; each use gets
 * its own copy of the tokens, since `growLeft` and `growRight` mark the ones they are given.
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

/** A list of sentences (or comma-separated parts of them), each a list of terms. */
export type Document = unknown[][];
/** One fix-up rule as `buildNet` indexes it: the words and tags it needs, wants or must not see. */
export interface NetRule {
  match: string;
  needs: string[];
  wants: string[];
  minWant?: number;
  minWords?: number;
  ifNo?: string[];
}
/** What `buildNet` makes of a list of match rules: the rules indexed by a word or tag they need. */
export interface MatchNet {
  hooks: Record<string, NetRule[]>;
  always: NetRule[];
}
type Pointer = number[];
interface SweepMethods {
  one: {
    match: (document: Document, rule: NetRule) => { ptrs: Pointer[] };
    cacheDoc: (document: Document) => Set<string>[];
  };
}
export type BulkMatch = (
  document: Document,
  net: MatchNet,
  methods: SweepMethods,
  opts?: { matchOne?: boolean },
) => (NetRule & { pointer: Pointer })[];
/** Whether `rule` may match a part whose keys are `haves` (compromise's `sweep/02-trim-down.js`). */
function mayMatch(rule: NetRule, haves: Set<string>): boolean {
  for (const need of rule.needs) if (!haves.has(need)) return false;
  if (rule.ifNo !== undefined) for (const no of rule.ifNo) if (haves.has(no)) return false;
  if (rule.wants.length === 0) return true;
  let found = 0;
  for (const want of rule.wants) if (haves.has(want)) found += 1;
  return found >= rule.minWant!;
}

/** A rule index with its keys numbered in its own order and each rule's pattern numbered. */
interface NumberedNet {
  keys: Map<string, number>;
  /** By key number: its rules, and their patterns' numbers. */
  rules: NetRule[][];
  patterns: Uint32Array[];
  /** By pattern number: the sweep of a part that last came across it. */
  lastSeen: Uint32Array;
  sweeps: number;
}

function numbered(hooks: MatchNet['hooks']): NumberedNet {
  const patternNumbers = new Map<string, number>();
  const rules = Object.values(hooks);
  const patterns = rules.map((list) =>
    Uint32Array.from(list, (rule) => {
      let number = patternNumbers.get(rule.match);
      if (number === undefined) patternNumbers.set(rule.match, (number = patternNumbers.size));
      return number;
    }),
  );
  return {
    keys: new Map(Object.keys(hooks).map((key, i) => [key, i])),
    rules,
    patterns,
    lastSeen: new Uint32Array(patternNumbers.size),
    sweeps: 0,
  };
}

/**
 * compromise's tagger finishes with a sweep over its 570 fix-up rules, indexed by 730 words and
 * tags (`bulkMatch`, in `sweep/`). To find the rules worth trying on each comma-separated part of
 * each sentence, it walks all 730 keys, concatenates the rule lists of the keys the part has into
 * a new list for each, drops repeated rules, then filters the list three times: about a tenth of
 * a sales call's reading in a profile. This sweep finds the same rules, in the same order, from
 * the part's own keys (a few dozen), sorted into the index's order, in one pass, telling repeats
 * by number; then runs them as compromise's does.
 */
export function sweepOnce(): BulkMatch {
  const numberedNets = new WeakMap<object, NumberedNet>();

  function rulesFor(net: MatchNet, haves: Set<string>, words: number): NetRule[] {
    let index = numberedNets.get(net.hooks);
    if (!index) numberedNets.set(net.hooks, (index = numbered(net.hooks)));
    const keys: number[] = [];
    for (const key of haves) {
      const number = index.keys.get(key);
      if (number !== undefined) keys.push(number);
    }
    keys.sort((a, b) => a - b);
    if (index.sweeps === 0xffffffff) {
      index.lastSeen.fill(0);
      index.sweeps = 0;
    }
    const sweep = ++index.sweeps;
    const rules: NetRule[] = [];
    for (const key of keys) {
      const list = index.rules[key]!;
      const patterns = index.patterns[key]!;
      for (let i = 0; i < list.length; i += 1) {
        // A rule under several keys is tried once, where it first comes.
        if (index.lastSeen[patterns[i]!] === sweep) continue;
        index.lastSeen[patterns[i]!] = sweep;
        const rule = list[i]!;
        // (A rule without `minWords` is never tried, as in compromise.)
        if (words >= rule.minWords! && mayMatch(rule, haves)) rules.push(rule);
      }
    }
    for (const rule of net.always) if (words >= rule.minWords!) rules.push(rule);
    return rules;
  }

  return (document, net, methods, opts = {}) => {
    const cache = methods.one.cacheDoc(document);
    const results: (NetRule & { pointer: Pointer })[] = [];
    for (let n = 0; n < document.length; n += 1) {
      for (const rule of rulesFor(net, cache[n]!, document[n]!.length)) {
        const { ptrs } = methods.one.match([document[n]!], rule);
        if (ptrs.length === 0) continue;
        for (const pointer of ptrs) {
          pointer[0] = n;
          results.push({ ...rule, pointer });
        }
        if (opts.matchOne === true) return [results[0]!];
      }
    }
    return results;
  };
}

/** compromise's own methods that read the chunks: their patterns match `<Verb>` or `<Noun>`. */
const CHUNK_READERS = ['verbs', 'nouns', 'sentences'] as const;
// `chunks()` and the chunk views' own methods read them too, and are not wrapped: the readers
// do not call them. A reader that does must add them here.

interface ViewClass {
  prototype: Record<string, unknown>;
}
interface ViewLike {
  document: object;
  /** The whole parsed text the view is part of. */
  all(): { compute(name: string): unknown };
}

/**
 * Each parse ends by grouping the words into chunks (noun phrase, verb phrase…), a second sweep
 * over every sentence with its own rules: about a twentieth of a sales call's reading. Of
 * compromise's methods the readers use, only `verbs()` reads the chunks, and only task detection
 * calls it, on the few sentences that may hold a promise. The chunks are worked out on the first
 * call, on a parsed text, of a method that reads them, from the same tags, instead of on every
 * parse.
 * (The tagger marks some words' chunks as it tags them, so a word's chunk does not tell whether
 * its text was chunked: the texts chunked are remembered.)
 */
function deferChunks(compromise: typeof nlp): void {
  const hooks = compromise.hooks();
  const at = hooks.indexOf('chunks');
  if (at < 0) throw new Error("compromise no longer computes 'chunks' when it parses");
  hooks.splice(at, 1);
  const chunked = new WeakSet<object>();
  compromise.plugin({
    api: ((View: ViewClass) => {
      for (const name of CHUNK_READERS) {
        const read = View.prototype[name] as (...args: unknown[]) => unknown;
        View.prototype[name] = function (this: ViewLike, ...args: unknown[]) {
          if (!chunked.has(this.document)) {
            // The whole text, as the parse chunked it: chunking a part alone would leave the
            // rest unchunked and read the part without the words around it.
            this.all().compute('chunks');
            chunked.add(this.document);
          }
          return read.apply(this, args);
        };
      }
    }) as never,
  });
}

/** Installs the replacements into this compromise. */
export function speedUp(compromise: typeof nlp): void {
  const { one } = compromise.methods() as {
    one: {
      parseMatch: ParseMatch;
      killUnicode: KillUnicode;
    };
  };
  compromise.plugin({
    methods: {
      one: {
        parseMatch: rememberParsedPatterns(one.parseMatch),
        killUnicode: skipAscii(one.killUnicode),
        bulkMatch: sweepOnce(),
      },
    },
  });
  deferChunks(compromise);
}
