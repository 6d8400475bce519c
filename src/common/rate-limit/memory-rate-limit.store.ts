import type { GatedRecord, RateLimitRecord, Reservation } from './rate-limit.store.js';
import { RateLimitStore } from './rate-limit.store.js';
import type { RateLimitGate } from './rate-limit-subject.js';
import { decide, estimatedCount } from './sliding-window.js';

/** The same sliding window in process memory, for embedded mode (one instance, no Redis). */
export class MemoryRateLimitStore extends RateLimitStore {
  private readonly counters = new Map<string, { index: number; count: number }[]>();

  async hit(key: string, ttl: number, limit: number, gate?: RateLimitGate): Promise<GatedRecord> {
    if (gate) {
      const gated = this.count(gate.bucket, gate.windowMs, gate.limit, false);
      if (!gated.decision.allowed) return { record: gated, gateRefused: true };
    }
    return { record: this.count(key, ttl, limit, true), gateRefused: false };
  }

  async reserve(key: string, ttl: number, limit: number): Promise<Reservation> {
    const now = Date.now();
    const record = this.count(key, ttl, limit, true, now);
    const index = Math.floor(now / ttl);
    let counted = record.decision.allowed;
    return {
      record,
      giveBack: async () => {
        if (!counted) return;
        counted = false;
        const window = this.counters.get(key)?.find((w) => w.index === index);
        if (window && window.count > 0) window.count -= 1;
      },
    };
  }

  async peek(key: string, ttl: number, limit: number): Promise<RateLimitRecord> {
    return this.count(key, ttl, limit, false);
  }

  private count(
    key: string,
    ttl: number,
    limit: number,
    hit: boolean,
    now = Date.now(),
  ): RateLimitRecord {
    const index = Math.floor(now / ttl);
    const windows = (this.counters.get(key) ?? []).filter((w) => w.index >= index - 1);
    let current = windows.find((w) => w.index === index);
    if (!current) {
      current = { index, count: 0 };
      windows.push(current);
    }
    const previous = windows.find((w) => w.index === index - 1)?.count ?? 0;
    const counts = { now, windowStart: index * ttl, previous, current: current.count };
    const allowed = estimatedCount(counts, ttl) + 1 <= limit;
    if (allowed && hit) current.count += 1;
    this.counters.set(key, windows);
    const decision = decide({ ...counts, current: current.count }, ttl, limit, allowed);
    return this.record(decision, current.count);
  }
}
