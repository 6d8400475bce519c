import { jest } from '@jest/globals';
import { settleWithin } from './settle-within.js';

describe(settleWithin.name, () => {
  const sut = settleWithin;

  it('gives the value of work that finishes in time', async () => {
    await expect(sut(Promise.resolve(42), 1000)).resolves.toEqual({ done: true, value: 42 });
  });

  it('counts a rejection as done, without a value', async () => {
    await expect(sut(Promise.reject(new Error('Redis down')), 1000)).resolves.toEqual({
      done: true,
    });
  });

  it('stops waiting at the limit', async () => {
    jest.useFakeTimers();
    try {
      const settled = sut(new Promise<never>(() => undefined), 500);
      jest.advanceTimersByTime(500);
      await expect(settled).resolves.toEqual({ done: false });
    } finally {
      jest.useRealTimers();
    }
  });
});
