import fc from 'fast-check';
import {
  DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS,
  MAX_RETRY_AFTER_MS,
  nextRetryDelayMs,
  parseRetrySchedule,
} from './retry-schedule.js';

const HOUR = 3_600_000;

describe(parseRetrySchedule.name, () => {
  const sut = parseRetrySchedule;

  it.each([undefined, '', '  '])('gives the default schedule for %p', (value) => {
    expect(sut(value)).toEqual([
      5000,
      300_000,
      1_800_000,
      2 * HOUR,
      5 * HOUR,
      10 * HOUR,
      10 * HOUR,
    ]);
  });

  it('reads seconds, decimals included, into milliseconds', () => {
    expect(sut('1, 2,4,0.25')).toEqual([1000, 2000, 4000, 250]);
  });

  it.each(['1,,2', 'a,b', '-1', '1;2'])('rejects %p naming the variable', (value) => {
    expect(() => sut(value)).toThrow('WEBHOOK_RETRY_SCHEDULE');
  });
});

describe(nextRetryDelayMs.name, () => {
  const sut = nextRetryDelayMs;
  const schedule = DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS;
  const noJitter = () => 0.5;

  it('waits the scheduled step after each failed attempt', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((attempt) => sut(attempt, schedule, noJitter));

    expect(delays).toEqual([...schedule]);
  });

  it('stops once the schedule is used up', () => {
    expect(sut(8, schedule, noJitter)).toBeNull();
    expect(sut(4, [1000, 2000, 4000], noJitter)).toBeNull();
  });

  it('applies at most 20 % jitter either way', () => {
    expect(sut(1, schedule, () => 0)).toBe(4000);
    expect(sut(1, schedule, () => 1)).toBe(6000);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: schedule.length }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, roll) => {
          const scheduled = schedule[attempt - 1];
          const delay = sut(attempt, schedule, () => roll) as number;
          return delay >= scheduled * 0.8 - 1 && delay <= scheduled * 1.2 + 1;
        },
      ),
    );
  });

  it('waits for a longer Retry-After', () => {
    expect(sut(1, schedule, noJitter, 60_000)).toBe(60_000);
  });

  it('ignores a Retry-After shorter than the schedule', () => {
    expect(sut(2, schedule, noJitter, 1000)).toBe(300_000);
  });

  it('caps Retry-After at 10 hours', () => {
    expect(sut(1, schedule, noJitter, 72 * HOUR)).toBe(MAX_RETRY_AFTER_MS);
  });

  it.each([0, -1, 1.5])('rejects attempt number %p', (attempt) => {
    expect(() => sut(attempt, schedule)).toThrow(RangeError);
  });
});
