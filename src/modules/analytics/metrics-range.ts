import { AppError } from '../../common/errors/app-error.js';
import { rangeStart } from '../../common/validation/date-range.js';

const DAY_MS = 86_400_000;
export const DEFAULT_RANGE_DAYS = 30;
export const MAX_RANGE_DAYS = 366;

/** A range of whole UTC days, both ends included. */
export interface MetricsRange {
  /** `YYYY-MM-DD` */
  startDay: string;
  endDay: string;
  /** Every day of the range, oldest first. */
  days: string[];
  start: Date;
  /** The last millisecond of `endDay`. */
  end: Date;
}

function dayOf(field: 'start_date' | 'end_date', value: string): number {
  const ms = rangeStart(value).getTime();
  if (Number.isNaN(ms)) throw AppError.validation(field, 'ISO 8601 format', 'Invalid date format');
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Resolves the query's bounds to whole UTC days: a date is that day, a date-time counts as the
 * UTC day it falls on (the roll-up keeps days, not instants). Without bounds: the last 30 days,
 * today included; with only `start_date`: up to today; with only `end_date`: the 30 days ending
 * then. A reversed or too long range names the bound the caller gave (`end_date` when both).
 */
export function resolveMetricsRange(
  query: { start_date?: string; end_date?: string },
  now: Date = new Date(),
): MetricsRange {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const end = query.end_date ? dayOf('end_date', query.end_date) : today;
  const start = query.start_date
    ? dayOf('start_date', query.start_date)
    : end - (DEFAULT_RANGE_DAYS - 1) * DAY_MS;
  const blamed = query.end_date ? 'end_date' : 'start_date';
  if (end < start)
    throw AppError.validation(
      blamed,
      'end_date on or after start_date',
      'end_date is before start_date',
    );
  const length = (end - start) / DAY_MS + 1;
  if (length > MAX_RANGE_DAYS)
    throw AppError.validation(
      blamed,
      `a range of at most ${MAX_RANGE_DAYS} days`,
      `The range is longer than ${MAX_RANGE_DAYS} days`,
    );
  return {
    startDay: isoDay(start),
    endDay: isoDay(end),
    days: Array.from({ length }, (_, i) => isoDay(start + i * DAY_MS)),
    start: new Date(start),
    end: new Date(end + DAY_MS - 1),
  };
}
