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

  it('counts a gated hit while the gate has room, and neither counts nor allows once it has none', async () => {
    const sut = new MemoryRateLimitStore();
    const gate = { bucket: 'failed:1.2.3.4', limit: 2, windowMs: 60_000 };

    const open = await sut.hit('key:a', 60_000, 10, gate);
    for (let i = 0; i < 2; i += 1) await sut.increment(gate.bucket, gate.windowMs, gate.limit);
    const shut = await sut.hit('key:a', 60_000, 10, gate);

    expect(open).toMatchObject({ gateRefused: false, record: { decision: { allowed: true } } });
    expect(open.record.decision.remaining).toBe(9);
    expect(shut).toMatchObject({
      gateRefused: true,
      record: { decision: { allowed: false, limit: 2, remaining: 0 } },
    });
    expect((await sut.peek('key:a', 60_000, 10)).decision.remaining).toBe(9);
  });

  it('reserves while the budget has room, and a reservation given back frees its room once', async () => {
    const sut = new MemoryRateLimitStore();

    const held = await Promise.all([1, 2, 3].map(() => sut.reserve('failed:1.2.3.4', 60_000, 2)));
    await held[0].giveBack();
    await held[0].giveBack();
    await held[2].giveBack();

    expect(held.map((r) => r.record.decision.allowed)).toEqual([true, true, false]);
    expect((await sut.peek('failed:1.2.3.4', 60_000, 2)).decision.remaining).toBe(1);
  });
});
