import { nextRetryDelayMs } from './retry-schedule.js';
import type { WebhookAttemptResult } from './webhook-sender.js';

/** An endpoint that failed every attempt for this long is disabled. */
export const FAILING_ENDPOINT_DISABLE_AFTER_MS = 5 * 24 * 3_600_000;

export const GONE_REASON = 'The receiver answered 410 Gone.';

export interface AttemptPlanInput {
  result: WebhookAttemptResult;
  /** 1 for the first attempt of a delivery. */
  attempt: number;
  schedule: readonly number[];
  /** The endpoint's first failure since its last success. */
  failingSince: Date | null;
  now: Date;
  random?: () => number;
}

export interface AttemptPlan {
  status: 'succeeded' | 'failed';
  /** When the next attempt is due; null when the delivery ends here. */
  nextRetryAt: Date | null;
  failingSince: Date | null;
  /** Set when the endpoint must be disabled, with the reason shown as `disabled_reason`. */
  disableReason: string | null;
}

/** What follows an attempt: the log status, the next attempt if any, and the endpoint's health. */
export function planAfterAttempt(input: AttemptPlanInput): AttemptPlan {
  const { result, now } = input;
  if (result.outcome === 'succeeded') {
    return { status: 'succeeded', nextRetryAt: null, failingSince: null, disableReason: null };
  }
  const failingSince = input.failingSince ?? now;
  const ended = { status: 'failed', nextRetryAt: null, failingSince } as const;
  if (result.outcome === 'gone') {
    return { ...ended, disableReason: GONE_REASON };
  }
  if (now.getTime() - failingSince.getTime() >= FAILING_ENDPOINT_DISABLE_AFTER_MS) {
    return {
      ...ended,
      disableReason: `Every delivery attempt failed for 5 days (since ${failingSince.toISOString()}).`,
    };
  }
  const delayMs = nextRetryDelayMs(
    input.attempt,
    input.schedule,
    input.random,
    result.retryAfterMs ?? null,
  );
  return {
    ...ended,
    nextRetryAt: delayMs === null ? null : new Date(now.getTime() + delayMs),
    disableReason: null,
  };
}
