import { applyMergePatch } from './merge-patch.js';

describe(applyMergePatch.name, () => {
  it('merges objects key by key and removes keys patched with null', () => {
    const sut = applyMergePatch(
      { hubspot_contact_id: '51234', segment: 'refi', tier: 'gold' },
      { segment: 'first-time buyer', tier: null, source: 'web' },
    );
    expect(sut).toEqual({
      hubspot_contact_id: '51234',
      segment: 'first-time buyer',
      source: 'web',
    });
  });

  it('merges nested objects and replaces arrays whole', () => {
    const sut = applyMergePatch(
      { address: { city: 'Austin', zip: '78701' }, tags: ['a', 'b'] },
      { address: { zip: null, state: 'TX' }, tags: ['c'] },
    );
    expect(sut).toEqual({ address: { city: 'Austin', state: 'TX' }, tags: ['c'] });
  });

  it('replaces a non-object target and leaves the target unchanged', () => {
    const target = { a: 'x' };
    expect(applyMergePatch(target, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
    expect(applyMergePatch('text', { a: 1 })).toEqual({ a: 1 });
    expect(applyMergePatch({ a: 1 }, ['x'])).toEqual(['x']);
    expect(target).toEqual({ a: 'x' });
  });
});
