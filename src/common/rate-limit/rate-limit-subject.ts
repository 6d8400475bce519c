/**
 * A budget a request needs room in without spending it: the failed-key budget of the caller's
 * address, which must not be used up for a request to be accepted even with a right key.
 */
export interface RateLimitGate {
  bucket: string;
  limit: number;
  windowMs: number;
}

/**
 * Whose budget a request spends, set by authentication. The rate limiter reads only this,
 * so it needs to know nothing about API keys; a request without a subject is not counted here.
 */
export interface RateLimitSubject {
  /** Names the budget, e.g. `key:<id>`; every instance counts the same tracker together. */
  tracker: string;
  limit: number;
  windowSeconds: number;
  /**
   * Checked in the same atomic step that counts the tracker, so the request costs one round
   * trip to the store; when it has no room, the request is refused with its headers and
   * the tracker is not counted.
   */
  gate?: RateLimitGate;
}

const SUBJECT = Symbol('aila.rate-limit-subject');

export function setRateLimitSubject(req: object, subject: RateLimitSubject): void {
  (req as Record<symbol, RateLimitSubject>)[SUBJECT] = subject;
}

export function rateLimitSubjectOf(req: object): RateLimitSubject | undefined {
  return (req as Record<symbol, RateLimitSubject | undefined>)[SUBJECT];
}
