import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface.js';
import type { RateLimitGate } from './rate-limit-subject.js';
import type { RateLimitDecision } from './sliding-window.js';

/** The throttler's record, plus the sliding-window decision our guard turns into headers. */
export interface RateLimitRecord extends ThrottlerStorageRecord {
  decision: RateLimitDecision;
}

/** What a gated increment decided: the gate's refusal (nothing counted), or the key's decision. */
export interface GatedRecord {
  record: RateLimitRecord;
  /** True when the gate had no room: `record` is then the gate's, and the key was not counted. */
  gateRefused: boolean;
}

/** One request counted against a budget, which the caller may yet take back out of it. */
export interface Reservation {
  /** The decision: when it refuses, nothing was counted. */
  record: RateLimitRecord;
  /** Uncounts the request, from the window it was counted in; does nothing when none was. */
  giveBack(): Promise<void>;
}

/**
 * A ThrottlerStorage that answers with a sliding-window decision.
 * `ttl` is the window in milliseconds (the throttler's unit); `blockDuration` is unused:
 * a sliding window needs no separate block.
 */
export abstract class RateLimitStore implements ThrottlerStorage {
  increment(key: string, ttl: number, limit: number): Promise<RateLimitRecord> {
    return this.hit(key, ttl, limit).then(({ record }) => record);
  }

  /**
   * Counts one request against `key`, unless `gate` is given and has no room: then nothing
   * is counted and the gate's decision comes back. One atomic step, one round trip.
   */
  abstract hit(key: string, ttl: number, limit: number, gate?: RateLimitGate): Promise<GatedRecord>;

  /**
   * Counts one request against `key` when it has room, like `increment`, in one atomic step:
   * callers that ask at the same time cannot all take the last unit of room. For work that
   * spends the budget only if it fails (a key lookup): reserve first, give back on success.
   */
  abstract reserve(key: string, ttl: number, limit: number): Promise<Reservation>;

  /** The decision the next `increment` would take, without counting anything. */
  abstract peek(key: string, ttl: number, limit: number): Promise<RateLimitRecord>;

  protected record(decision: RateLimitDecision, hits: number): RateLimitRecord {
    const wait = Math.max(0, decision.resetAt - Date.now());
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(wait / 1000),
      isBlocked: !decision.allowed,
      timeToBlockExpire: decision.allowed ? 0 : Math.max(1, Math.ceil(wait / 1000)),
      decision,
    };
  }
}
