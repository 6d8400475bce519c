import { Inject, Injectable } from '@nestjs/common';
import { getStorageToken } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { enforceRateLimit } from '../../common/rate-limit/rate-limit-headers.js';
import type { RateLimitGate } from '../../common/rate-limit/rate-limit-subject.js';
import type { RateLimitStore } from '../../common/rate-limit/rate-limit.store.js';

/** Failed attempts per client IP, so keys cannot be guessed at speed. */
export const FAILED_KEY_LIMIT = { limit: 60, windowMs: 60_000 };

/**
 * The per-IP budget of failed key checks, shared by every instance. An attempt is taken from it
 * before a key is looked up, in one atomic step, and given back when the key is found: so no
 * more keys than the budget are ever looked up per window and address, however many guesses
 * arrive at once, while a right key spends nothing. Once an address has used it up, it gets 429
 * whatever it sends, a right key included, so guessing cannot go on at speed until it hits.
 * The client address is `req.ip`, which honours X-Forwarded-For only from TRUST_PROXY.
 */
@Injectable()
export class FailedKeyLimit {
  constructor(@Inject(getStorageToken()) private readonly store: RateLimitStore) {}

  /**
   * The caller's budget as a gate for the rate limiter: a key this process already knows
   * is accepted only once the rate limiter, in the step that counts the key, finds room in
   * it. Without a lookup to protect, that one round trip replaces `attempt`'s reservation.
   */
  gate(req: Request): RateLimitGate {
    return { bucket: bucketOf(req), ...FAILED_KEY_LIMIT };
  }

  /**
   * Runs `check` on an attempt taken from the caller's budget, and keeps the attempt spent
   * only when the check fails (`undefined`). Throws 429, without running `check`, when the
   * budget has no attempt left, or attempts in flight hold the rest of it.
   */
  async attempt<T>(
    req: Request,
    res: Response,
    check: () => Promise<T | undefined>,
  ): Promise<T | undefined> {
    const { limit, windowMs } = FAILED_KEY_LIMIT;
    const { record, giveBack } = await this.store.reserve(bucketOf(req), windowMs, limit);
    if (!record.decision.allowed) enforceRateLimit(res, record.decision);
    let result: T | undefined;
    try {
      result = await check();
    } catch (err) {
      // Not a failed key but a failed lookup (the database, say): it spends nothing.
      await giveBack();
      throw err;
    }
    if (result === undefined) {
      // A failure answers with the headers of the budget it spent.
      enforceRateLimit(res, record.decision);
      return undefined;
    }
    await giveBack();
    return result;
  }
}

function bucketOf(req: Request): string {
  return `failed-key:${req.ip ?? 'unknown'}`;
}
