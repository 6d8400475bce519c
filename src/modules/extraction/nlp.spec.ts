import { matchesOf, nlp } from './nlp.js';

type KillUnicode = (text: string, world: unknown) => string;

describe('compromise as the readers configure it', () => {
  const world = nlp.world();
  const killUnicode = (nlp.methods() as { one: { killUnicode: KillUnicode } }).one.killUnicode;

  it('still folds accented letters, in words and in match patterns', () => {
    expect(killUnicode('Zoë Björk', world)).toBe('Zoe Bjork');
    expect(nlp('I spoke with Zoë yesterday').has('zoe')).toBe(true);
    expect(nlp('I spoke with Zoe yesterday').has('zoë')).toBe(true);
  });

  it("relies on compromise's table leaving every ASCII character as it is", () => {
    const table = (world as { model: { one: { unicode: Record<string, string> } } }).model.one
      .unicode;
    const ascii = Object.entries(table).filter(([from]) => /^[\x00-\x7f]$/.test(from)); // eslint-disable-line no-control-regex
    expect(ascii.every(([from, to]) => from === to)).toBe(true);
  });

  it('gives back an ASCII string as it is, and an empty string for none', () => {
    const text = 'Send the "pre-approval" checklist by Friday, ok? 100% (maybe)';
    expect(killUnicode(text, world)).toBe(text);
    expect(killUnicode('', world)).toBe('');
    expect(killUnicode(undefined as unknown as string, world)).toBe('');
  });

  it('finds the same names with accents as without', () => {
    const names = (text: string) => matchesOf(nlp(text).people()).map((m) => m.text);
    expect(names('My name is José García.')).toHaveLength(1);
    expect(names('My name is Jose Garcia.')).toHaveLength(1);
  });
});
