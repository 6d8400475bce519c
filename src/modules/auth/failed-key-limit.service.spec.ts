import { jest } from '@jest/globals';
import type { Request, Response } from 'express';
import { MemoryRateLimitStore } from '../../common/rate-limit/memory-rate-limit.store.js';
import { FAILED_KEY_LIMIT, FailedKeyLimit } from './failed-key-limit.service.js';

describe(FailedKeyLimit.name, () => {
  const { limit, windowMs } = FAILED_KEY_LIMIT;
  const req = { ip: '198.51.100.7' } as Request;
  const res = { setHeader: jest.fn() } as unknown as Response;
  const remaining = (store: MemoryRateLimitStore) =>
    store.peek('failed-key:198.51.100.7', windowMs, limit).then((r) => r.decision.remaining);

  function setup() {
    const store = new MemoryRateLimitStore();
    return { store, sut: new FailedKeyLimit(store) };
  }

  it('spends an attempt on a failed check and gives it back when the check finds a key', async () => {
    const { store, sut } = setup();

    await sut.attempt(req, res, async () => undefined);
    expect(await remaining(store)).toBe(limit - 1);
    expect(await sut.attempt(req, res, async () => 'key')).toBe('key');
    expect(await remaining(store)).toBe(limit - 1);
  });

  it('gives the attempt back when the check throws', async () => {
    const { store, sut } = setup();

    await expect(
      sut.attempt(req, res, async () => {
        throw new Error('database down');
      }),
    ).rejects.toThrow('database down');
    expect(await remaining(store)).toBe(limit);
  });

  it('runs no more checks at once than the budget, refusing the others before they run', async () => {
    const { sut } = setup();
    const check = jest.fn(async () => undefined);

    // All start before any check has ended, so none has been counted as failed yet.
    const settled = await Promise.all(
      Array.from({ length: limit + 10 }, () =>
        sut.attempt(req, res, check).then(
          () => 'failed',
          () => 'refused',
        ),
      ),
    );
    expect(check).toHaveBeenCalledTimes(limit);
    expect(settled.filter((o) => o === 'refused')).toHaveLength(10);
  });
});
