import { decide, estimatedCount } from './sliding-window.js';

describe('sliding window', () => {
  const windowMs = 60_000;

  it('counts only the current window when the previous one was empty', () => {
    const counts = { now: 1_000, windowStart: 0, previous: 0, current: 4 };
    const sut = decide(counts, windowMs, 10, true);
    expect(sut).toEqual({ allowed: true, limit: 10, remaining: 6, resetAt: 60_000 });
  });

  it('weights the previous window by its remaining overlap', () => {
    // 15 s into the window, 75 % of the previous window still overlaps: 8 * 0.75 + 2 = 8.
    const counts = { now: 75_000, windowStart: 60_000, previous: 8, current: 2 };
    expect(estimatedCount(counts, windowMs)).toBe(8);
    expect(decide(counts, windowMs, 10, true).remaining).toBe(2);
  });

  it('when exhausted, resets at the first moment one more request fits', () => {
    // limit 10, previous 8, current 2 at t=15 s: est 8. After 2 more (current 4): est 10.
    // One more fits when 8 * w + 4 <= 9, i.e. w <= 5/8: elapsed >= 60 s * 3/8 = 22.5 s.
    const counts = { now: 75_000, windowStart: 60_000, previous: 8, current: 4 };
    const sut = decide(counts, windowMs, 10, false);
    expect(sut.remaining).toBe(0);
    expect(sut.resetAt).toBe(60_000 + 22_500);
  });

  it('when the current window alone is full, resets just after it rolls over', () => {
    // current 10 of 10 with no previous: in the next window 10 * w <= 9 needs elapsed >= 6 s.
    const counts = { now: 30_000, windowStart: 0, previous: 0, current: 10 };
    const sut = decide(counts, windowMs, 10, false);
    expect(sut.resetAt).toBe(60_000 + 6_000);
  });
});
