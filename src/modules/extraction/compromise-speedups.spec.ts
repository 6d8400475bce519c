import { jest } from '@jest/globals';
import nlp from 'compromise';
import {
  narrowHooks,
  type BulkMatch,
  type CacheDoc,
  type Document,
  type MatchNet,
} from './compromise-speedups.js';
import './nlp.js';

interface Rule {
  match: string;
}

/** compromise's own walk (`sweep/01-getHooks.js`): every key of the index, for each part. */
function rulesToTry(cache: Set<string>[], hooks: MatchNet['hooks']): string[][] {
  return cache.map((keys) => {
    const seen = new Set<string>();
    const rules: string[] = [];
    for (const key of Object.keys(hooks)) {
      if (!keys.has(key)) continue;
      for (const rule of hooks[key] as Rule[]) {
        if (!seen.has(rule.match)) rules.push(rule.match);
        seen.add(rule.match);
      }
    }
    return rules;
  });
}

describe('compromise speed-ups', () => {
  const world = nlp.world() as { model: { two: { matches: unknown } } };
  const one = (nlp.methods() as { one: Record<string, unknown> }).one as {
    buildNet: (matches: unknown, world: unknown) => MatchNet;
    cacheDoc: CacheDoc;
  };
  // The tagger's own rules, indexed as its sweep indexes them (`buildNet` fills in the rules it
  // is given, so it gets a copy: the tagger builds its own index on first use).
  const net = one.buildNet(structuredClone(world.model.two.matches), world);
  const texts = [
    'Hi, this is Sarah Chen from Harbor Lending. Thanks for taking my call, is now still a good time?',
    "Perfect. I'll send you the pre-approval checklist by Friday, and I'll pull your credit today.",
    'The asking price is $450,000 and we have about $90,000 saved for the down payment.',
    'ok',
  ];

  describe('narrowHooks', () => {
    it('gives the sweep an index in which each part finds the same rules, in the same order', () => {
      for (const text of texts) {
        const document = nlp(text).docs as Document;
        let seen: MatchNet | undefined;
        const sweep: BulkMatch = (_document, given) => (seen = given);
        narrowHooks(sweep, one.cacheDoc).bulkMatch(document, net, {});

        const cache = one.cacheDoc(document);
        expect(Object.keys(seen!.hooks).length).toBeLessThan(Object.keys(net.hooks).length);
        expect(rulesToTry(cache, seen!.hooks)).toEqual(rulesToTry(cache, net.hooks));
        expect(rulesToTry(cache, net.hooks).flat().length).toBeGreaterThan(0);
        expect(seen!.always).toBe(net.always);
      }
    });

    it("answers the sweep's own look-up of the document's keys, and only during the sweep", () => {
      const document = nlp(texts[0]!).docs as Document;
      const lookups: Set<string>[][] = [];
      const counted = jest.fn<CacheDoc>(one.cacheDoc);
      const narrowed = narrowHooks((given) => lookups.push(narrowed.cacheDoc(given)), counted);

      narrowed.bulkMatch(document, net, {});
      expect(counted).toHaveBeenCalledTimes(1);
      expect(lookups[0]).toBe(counted.mock.results[0]!.value);

      expect(narrowed.cacheDoc(document)).not.toBe(lookups[0]);
      expect(counted).toHaveBeenCalledTimes(2);
    });
  });

  describe('deferred chunks', () => {
    const chunksOf = (doc: { docs: unknown }) =>
      (doc.docs as { text: string; chunk?: string }[][]).flat().map((t) => `${t.text}/${t.chunk}`);

    it('are no longer worked out by every parse', () => {
      expect(nlp.hooks()).not.toContain('chunks');
      expect(nlp.hooks()).toContain('postTagger');
    });

    it("are worked out by verbs(), as the parse worked them out, from the parse's tags", () => {
      for (const text of texts) {
        const lazy = nlp(text);
        const verbs = lazy.verbs().out('array') as string[];
        const eager = nlp(text);
        eager.compute('chunks');
        expect(chunksOf(lazy)).toEqual(chunksOf(eager));
        if (text !== 'ok') expect(verbs.length).toBeGreaterThan(0);
      }
    });

    it('are worked out for the whole text when a part of it asks first', () => {
      const text =
        "Okay, I will send you the checklist today. Then we'll call the big lender tomorrow.";
      const lazy = nlp(text);
      (lazy.match('send') as typeof lazy).verbs();
      const eager = nlp(text);
      eager.compute('chunks');
      expect(chunksOf(lazy)).toEqual(chunksOf(eager));
      expect(lazy.nouns().out('array')).toEqual(eager.nouns().out('array'));
    });

    it('are worked out once per parsed text', () => {
      const compute = (nlp.world() as { compute: Record<string, () => void> }).compute;
      const chunks = jest.spyOn(compute, 'chunks');
      try {
        const doc = nlp(texts[1]!);
        doc.verbs();
        (doc.match('#Verb') as typeof doc).verbs();
        expect(chunks).toHaveBeenCalledTimes(1);
        nlp(texts[1]!).verbs();
        expect(chunks).toHaveBeenCalledTimes(2);
      } finally {
        chunks.mockRestore();
      }
    });
  });

  it('leave the tagger tagging as before', () => {
    const tags = (text: string) =>
      (nlp(text).json() as { terms: { text: string; tags: string[] }[] }[])
        .flatMap((s) => s.terms)
        .map((t) => `${t.text}/${t.tags.join('+')}`);
    // "book" is a verb after "to", a fix-up rule's work, not the lexicon's (a noun).
    expect(tags('I want to book a viewing')).toContain('book/Verb+PresentTense+Infinitive');
    expect(tags('He read the book')).toContain('book/Noun+Singular');
  });
});
