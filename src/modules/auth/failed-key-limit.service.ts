import { Inject, Injectable } from '@nestjs/common';
import { getStorageToken } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { enforceRateLimit } from '../../common/rate-limit/rate-limit-headers.js';
import type { RateLimitGate } from '../../common/rate-limit/rate-limit-subject.js';
import type { RateLimitStore } from '../../common/rate-limit/rate-limit.store.js';

/** Failed attempts per client IP, so keys cannot be guessed at speed. */
export const FAILED_KEY_LIMIT = { limit: 60, windowMs: 60_000 };

/**
 * The per-IP budget of failed key checks, shared by every instance. It is consulted before a
 * key is looked up: once an address has used it up, it gets 429 whatever it sends, a right
 * key included, so guessing cannot go on at speed until it hits. Only failures spend it.
 * The client address is `req.ip`, which honours X-Forwarded-For only from TRUST_PROXY.
 */
@Injectable()
export class FailedKeyLimit {
  constructor(@Inject(getStorageToken()) private readonly store: RateLimitStore) {}

  /**
   * The caller's budget as a gate for the rate limiter: a key this process already knows
   * is accepted only once the rate limiter, in the step that counts the key, finds room in
   * it. Without a lookup to protect, that one round trip replaces `attempt`'s peek.
   */
  gate(req: Request): RateLimitGate {
    return { bucket: bucketOf(req), ...FAILED_KEY_LIMIT };
  }

  /**
   * Runs `check` unless the caller's address is out of attempts, and counts a failed check
   * (`undefined`) against it. Throws 429 when the budget is (or has just been) used up.
   */
  async attempt<T>(
    req: Request,
    res: Response,
    check: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    const bucket = bucketOf(req);
    const { limit, windowMs } = FAILED_KEY_LIMIT;
    const before = await this.store.peek(bucket, windowMs, limit);
    if (!before.decision.allowed) enforceRateLimit(res, before.decision);
    const result = await check();
    if (result !== undefined) return result;
    const after = await this.store.increment(bucket, windowMs, limit);
    enforceRateLimit(res, after.decision);
    return undefined;
  }
}

function bucketOf(req: Request): string {
  return `failed-key:${req.ip ?? 'unknown'}`;
}
