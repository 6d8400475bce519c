import type { Response } from 'express';
import { AppError } from '../errors/app-error.js';
import { ErrorCode } from '../errors/error-code.js';
import type { RateLimitDecision } from './sliding-window.js';

/** Writes the rate-limit headers (Reset in Unix ms, as the seed's client expects) and refuses when exhausted. */
export function enforceRateLimit(res: Response, decision: RateLimitDecision): void {
  res.setHeader('X-RateLimit-Limit', decision.limit);
  res.setHeader('X-RateLimit-Remaining', decision.remaining);
  res.setHeader('X-RateLimit-Reset', decision.resetAt);
  if (decision.allowed) return;
  const retryAfter = Math.max(1, Math.ceil((decision.resetAt - Date.now()) / 1000));
  throw new AppError(
    ErrorCode.RateLimitExceeded,
    `Rate limit of ${decision.limit} requests exceeded; retry after ${retryAfter} s`,
    { limit: decision.limit, reset_at: new Date(decision.resetAt).toISOString() },
    { 'Retry-After': String(retryAfter) },
  );
}
