import type { Schemas } from '../../common/http/openapi-types.js';
import type { MetricsRange } from './metrics-range.js';
import { AVERAGED_METRICS } from './rollup/rollup-sql.js';

type MetricValues = Schemas['MetricValues'];
type Totals = Omit<MetricValues, 'daily'>;

/** One member's totals, or the team's (`user_id` null), as the totals query returns them. */
export type TotalsRow = Totals & { user_id: string | null; user_name: string | null };

/**
 * The days of one member, or of the team (`user_id` null), that have calls, as parallel arrays;
 * `day_index` counts from the range's first day.
 */
export interface DailyRow {
  user_id: string | null;
  day_index: number[];
  calls: number[];
  avg_quality_score: (number | null)[];
}

export interface TeamMetricsReport {
  data: Schemas['TeamMetrics'];
  meta: Schemas['TeamMetricsMeta'];
}

function noCalls(): Totals {
  const averages = Object.fromEntries(AVERAGED_METRICS.map((m) => [m.field, null]));
  return {
    calls: 0,
    inbound: 0,
    outbound: 0,
    total_talk_seconds: 0,
    ...averages,
    tasks_created: 0,
  } as Totals;
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The response from the two roll-up queries: every day of the range in each `daily` series
 * (days without calls as 0), and with `userIds` one member per requested id, calls or not.
 */
export function toTeamMetrics(
  range: MetricsRange,
  userIds: string[] | null,
  totals: TotalsRow[],
  daily: DailyRow[],
): TeamMetricsReport {
  const series = new Map<string | null, Schemas['DailyMetrics'][]>();
  const seriesOf = (userId: string | null) => {
    let days = series.get(userId);
    if (!days) {
      days = range.days.map((date) => ({ date, calls: 0, avg_quality_score: null }));
      series.set(userId, days);
    }
    return days;
  };
  for (const row of daily) {
    const days = seriesOf(row.user_id);
    row.day_index.forEach((index, i) => {
      days[index].calls = row.calls[i];
      days[index].avg_quality_score = row.avg_quality_score[i];
    });
  }

  const byUser = new Map(totals.map((row) => [row.user_id, row]));
  const values = (userId: string | null): MetricValues => {
    const row = byUser.get(userId);
    if (!row) return { ...noCalls(), daily: seriesOf(userId) };
    const { user_id: _id, user_name: _name, ...metrics } = row;
    return { ...metrics, daily: seriesOf(userId) };
  };
  const ids = userIds ?? totals.flatMap((row) => (row.user_id === null ? [] : [row.user_id]));
  const members = [...ids].sort(byCodePoint).map((userId) => ({
    user_id: userId,
    user_name: byUser.get(userId)?.user_name ?? null,
    ...values(userId),
  }));
  return {
    data: { team: values(null), members },
    meta: {
      start_date: range.start.toISOString(),
      end_date: range.end.toISOString(),
      members: members.length,
    },
  };
}
