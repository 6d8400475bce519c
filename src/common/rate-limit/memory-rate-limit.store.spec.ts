import { MemoryRateLimitStore } from './memory-rate-limit.store.js';

describe(MemoryRateLimitStore.name, () => {
  it('peeks without counting, and sees the budget used up once increments reach the limit', async () => {
    const sut = new MemoryRateLimitStore();

    for (let i = 0; i < 5; i += 1) {
      expect((await sut.peek('failed:1.2.3.4', 60_000, 3)).decision.allowed).toBe(true);
    }
    for (let i = 0; i < 3; i += 1) await sut.increment('failed:1.2.3.4', 60_000, 3);
    const peeked = await sut.peek('failed:1.2.3.4', 60_000, 3);

    expect(peeked.decision).toMatchObject({ allowed: false, remaining: 0 });
    expect((await sut.peek('failed:5.6.7.8', 60_000, 3)).decision.allowed).toBe(true);
  });
});
