/**
 * Whose budget a request spends, set by authentication. The rate limiter reads only this,
 * so it needs to know nothing about API keys; a request without a subject is not counted here.
 */
export interface RateLimitSubject {
  /** Names the budget, e.g. `key:<id>`; every instance counts the same tracker together. */
  tracker: string;
  limit: number;
  windowSeconds: number;
}

const SUBJECT = Symbol('aila.rate-limit-subject');

export function setRateLimitSubject(req: object, subject: RateLimitSubject): void {
  (req as Record<symbol, RateLimitSubject>)[SUBJECT] = subject;
}

export function rateLimitSubjectOf(req: object): RateLimitSubject | undefined {
  return (req as Record<symbol, RateLimitSubject | undefined>)[SUBJECT];
}
