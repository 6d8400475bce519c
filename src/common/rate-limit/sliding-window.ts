/**
 * Sliding-window counter (the approximation Cloudflare describes): the count of the
 * previous fixed window, weighted by how much of it still overlaps the sliding window,
 * plus the count of the current one. Unlike a fixed window it allows no double burst
 * at a window edge, and it needs two counters per key instead of a log of requests.
 */
export interface WindowCounts {
  now: number;
  windowStart: number;
  previous: number;
  current: number;
}

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Unix ms: while requests remain, when the current window rolls over; when none remain, the earliest moment the next request is accepted. */
  resetAt: number;
}

export function estimatedCount(
  counts: WindowCounts,
  windowMs: number,
  previous = counts.previous,
): number {
  const weight = (windowMs - (counts.now - counts.windowStart)) / windowMs;
  return previous * weight + counts.current;
}

/** Judges counts read after the (possible) increment; `allowed` comes from the store's atomic step. */
export function decide(
  counts: WindowCounts,
  windowMs: number,
  limit: number,
  allowed: boolean,
): RateLimitDecision {
  const estimate = estimatedCount(counts, windowMs);
  const remaining = Math.max(0, Math.floor(limit - estimate));
  const windowEnd = counts.windowStart + windowMs;
  return {
    allowed,
    limit,
    remaining,
    resetAt: remaining > 0 ? windowEnd : nextAcceptance(counts, windowMs, limit),
  };
}

/** The earliest time the estimate leaves room for one more request. */
function nextAcceptance(
  { windowStart, previous, current }: WindowCounts,
  windowMs: number,
  limit: number,
): number {
  const room = limit - 1 - current;
  if (room >= 0 && previous > 0) {
    const elapsed = Math.ceil(windowMs * (1 - room / previous));
    if (elapsed < windowMs) return windowStart + Math.max(elapsed, 0);
  }
  const nextStart = windowStart + windowMs;
  if (current <= limit - 1) return nextStart;
  // In the next window the current count becomes the weighted previous one.
  return nextStart + Math.max(1, Math.ceil(windowMs * (1 - (limit - 1) / current)));
}
