const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Delays after the first attempt, as Svix schedules them: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
];

/** The longest a receiver's `Retry-After` can push a retry back. */
export const MAX_RETRY_AFTER_MS = 10 * HOUR;

const JITTER = 0.2;

/**
 * Reads `WEBHOOK_RETRY_SCHEDULE` ("1,2,4", in seconds, decimals allowed) into milliseconds;
 * unset or blank gives the default schedule.
 */
export function parseRetrySchedule(value: string | undefined): number[] {
  if (value === undefined || value.trim() === '') {
    return [...DEFAULT_WEBHOOK_RETRY_SCHEDULE_MS];
  }
  return value.split(',').map((part) => {
    const seconds = Number(part.trim());
    if (part.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
      throw new Error(`WEBHOOK_RETRY_SCHEDULE must be comma-separated seconds, got "${value}"`);
    }
    return Math.round(seconds * SECOND);
  });
}

/**
 * How long to wait after attempt `attemptNumber` (1 = the first delivery) failed, or `null` when the
 * schedule is used up and the delivery is finally `failed`. The scheduled delay gets ±20 % jitter so
 * that a burst of failures does not come back as a burst of retries.
 *
 * A `Retry-After` from the receiver (the sender reports it for 429/502/503/504 only) can lengthen the
 * wait, never shorten it: the delay is max(jittered schedule, Retry-After), with Retry-After capped
 * at 10 h so that a hostile or confused receiver cannot park a delivery for days. It never adds
 * attempts: the number of retries stays the schedule's length.
 */
export function nextRetryDelayMs(
  attemptNumber: number,
  schedule: readonly number[],
  random: () => number = Math.random,
  retryAfterMs: number | null = null,
): number | null {
  if (!Number.isInteger(attemptNumber) || attemptNumber < 1) {
    throw new RangeError(`attemptNumber must be a positive integer, got ${attemptNumber}`);
  }
  const scheduled = schedule[attemptNumber - 1];
  if (scheduled === undefined) {
    return null;
  }
  const jittered = Math.round(scheduled * (1 + JITTER * (2 * random() - 1)));
  if (retryAfterMs === null) {
    return jittered;
  }
  return Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}
