import { jest } from '@jest/globals';
import nlp from 'compromise';
import { createRequire } from 'node:module';
import { sweepOnce, type BulkMatch, type Document, type MatchNet } from './compromise-speedups.js';
import './nlp.js';

/** compromise's own build for CommonJS: a copy of it these replacements were never installed in. */
const original = createRequire(import.meta.url)('compromise') as typeof nlp;

describe('compromise speed-ups', () => {
  const world = nlp.world() as { model: { two: { matches: unknown } } };
  const methods = nlp.methods() as Parameters<BulkMatch>[2] & {
    one: { buildNet: (matches: unknown, world: unknown) => MatchNet };
  };
  const originalMethods = original.methods() as Parameters<BulkMatch>[2] & {
    one: { bulkMatch: BulkMatch };
  };
  // The tagger's own rules, indexed as its sweep indexes them (`buildNet` fills in the rules it
  // is given, so it gets a copy: the tagger builds its own index on first use).
  const net = methods.one.buildNet(structuredClone(world.model.two.matches), world);
  const texts = [
    'Hi, this is Sarah Chen from Harbor Lending. Thanks for taking my call, is now still a good time?',
    "Perfect. I'll send you the pre-approval checklist by Friday, and I'll pull your credit today.",
    'The asking price is $450,000 and we have about $90,000 saved for the down payment.',
    'He read the book. I want to book a viewing, okay? Maybe we could meet at 42 Oak Street.',
    'ok',
  ];

  describe('sweepOnce', () => {
    const sweep = sweepOnce();
    /** How many matches `rules` found in `text`, having checked they are compromise's own. */
    const matchesLikeCompromise = (rules: MatchNet, text: string): number => {
      const document = nlp(text).docs as Document;
      const found = sweep(document, rules, methods);
      expect(found).toEqual(originalMethods.one.bulkMatch(document, rules, originalMethods));
      return found.length;
    };

    it("finds the same matches as compromise's sweep, in the same order", () => {
      const counts = texts.map((text) => matchesLikeCompromise(net, text));
      expect(Math.max(...counts)).toBeGreaterThan(1);
    });

    it('finds the same matches for rules with exclusions, alternatives, shared patterns and none to index', () => {
      const rules = [
        { match: 'i (want|need) to #Verb', tag: 'Plan' },
        { match: '#Noun', ifNo: ['book'], tag: 'NotBook' },
        { match: '#Verb', ifNo: 'want' },
        { match: '(book|read) #Noun', tag: 'Reading' },
        { match: '#Determiner #Noun', tag: 'First' },
        { match: '#Determiner #Noun', ifNo: 'the', tag: 'Second' },
        { match: '!#Verb .', tag: 'Anything' },
      ];
      const custom = methods.one.buildNet(rules, world);
      expect(custom.always.length).toBeGreaterThan(0);
      expect(Object.values(custom.hooks).some((list) => list.some((r) => r.ifNo))).toBe(true);
      const counts = [...texts, 'I want to read the book about a house'].map((text) =>
        matchesLikeCompromise(custom, text),
      );
      expect(Math.max(...counts)).toBeGreaterThan(3);
    });

    it('stops at the first match when asked for one', () => {
      const document = nlp(texts[3]!).docs as Document;
      const found = sweep(document, net, methods, { matchOne: true });
      expect(found).toHaveLength(1);
      expect(found).toEqual(
        originalMethods.one.bulkMatch(document, net, originalMethods, { matchOne: true }),
      );
    });

    it('tags every text as compromise tags it', () => {
      // The copy gets the plugin the readers add (nlp.ts), so only the sweep differs.
      original.plugin({ model: { two: { orgWords: { lending: true } } } });
      const tags = (doc: typeof nlp) => (text: string) =>
        (doc(text).json() as { terms: { text: string; tags: string[] }[] }[])
          .flatMap((s) => s.terms)
          .map((t) => `${t.text}/${t.tags.join('+')}`);
      for (const text of texts) expect(tags(nlp)(text)).toEqual(tags(original)(text));
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
