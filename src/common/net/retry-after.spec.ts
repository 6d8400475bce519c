import { parseRetryAfter } from './retry-after.js';

describe(parseRetryAfter.name, () => {
  const sut = parseRetryAfter;
  const now = Date.parse('2025-03-01T12:00:00Z');

  it('reads delay-seconds', () => {
    expect(sut('120', now)).toBe(120_000);
  });

  it('reads an HTTP date relative to now', () => {
    expect(sut('Sat, 01 Mar 2025 12:05:00 GMT', now)).toBe(300_000);
  });

  it('treats a date in the past as no wait', () => {
    expect(sut('Sat, 01 Mar 2025 11:00:00 GMT', now)).toBe(0);
  });

  it('takes the first of repeated headers', () => {
    expect(sut(['7', '9'], now)).toBe(7000);
  });

  it.each([undefined, '', 'soon', '1.5', '-3'])('gives null for %p', (value) => {
    expect(sut(value, now)).toBeNull();
  });
});
