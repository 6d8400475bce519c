import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TeamMetricsQueryDto } from './dto/team-metrics-query.dto.js';
import { resolveMetricsRange } from './metrics-range.js';
import { AVERAGED_METRICS, SUM_SCALE } from './rollup/rollup-sql.js';
import { DailyRow, TeamMetricsReport, toTeamMetrics, TotalsRow } from './team-metrics.mapper.js';

/** Sums are in millionths; numeric division, so the rounding is that of AVG over the calls. */
const average = (sumE6: string, count: string) =>
  `round(${sumE6} / ${SUM_SCALE}.0 / nullif(${count}, 0), 2)::float8`;

/**
 * The same rounding (half up, to 2 decimals) for a metric that is never negative, in bigint
 * arithmetic: floor((2S + D) / 2D) with D = count × 10^4 is round(100 × S / (count × 10^6)).
 * Exact too, and much cheaper than numeric when it runs once per member and day.
 */
const nonNegativeAverage = (sumE6: string, count: string) => {
  const hundredths = `${count}::bigint * ${SUM_SCALE / 100}`;
  return `((2 * ${sumE6} + ${hundredths}) / nullif(2 * ${hundredths}, 0))::float8 / 100`;
};

/** $1 organization, $2 first day, $3 last day, $4 the requested members (when filtered). */
const rollupsIn = (filtered: boolean) => `
  FROM call_daily_rollups
  WHERE organization_id = $1 AND day BETWEEN $2::date AND $3::date
  ${filtered ? 'AND user_id = ANY($4::text[])' : ''}`;

/**
 * Members first (sums and counts, then the name of their latest day that has one, found
 * through the primary key), then the team as the sum of the listed members; averages are NULL
 * when nothing contributed.
 */
const totalsSql = (filtered: boolean) => `
  WITH m AS (
    SELECT user_id,
      sum(calls) AS calls, sum(inbound) AS inbound, sum(outbound) AS outbound,
      ${AVERAGED_METRICS.map((m) => `sum(${m.column}_sum_e6) AS ${m.column}_sum_e6, sum(${m.column}_count) AS ${m.column}_count`).join(',\n      ')},
      sum(tasks_created) AS tasks_created
    ${rollupsIn(filtered)}
    GROUP BY user_id
    ${filtered ? '' : 'HAVING sum(calls) > 0'}
  ), named AS (
    SELECT m.*, (
      SELECT r.user_name FROM call_daily_rollups r
      WHERE r.organization_id = $1 AND r.user_id = m.user_id
        AND r.day BETWEEN $2::date AND $3::date AND r.user_name IS NOT NULL
      ORDER BY r.day DESC LIMIT 1) AS user_name
    FROM m
  )
  SELECT user_id, user_name,
    coalesce(sum(calls), 0)::int AS calls,
    coalesce(sum(inbound), 0)::int AS inbound,
    coalesce(sum(outbound), 0)::int AS outbound,
    round(coalesce(sum(duration_seconds_sum_e6), 0) / ${SUM_SCALE}.0, 2)::float8 AS total_talk_seconds,
    ${AVERAGED_METRICS.map((m) => `${average(`sum(${m.column}_sum_e6)`, `sum(${m.column}_count)`)} AS ${m.field}`).join(',\n    ')},
    coalesce(sum(tasks_created), 0)::int AS tasks_created
  FROM named
  GROUP BY GROUPING SETS ((user_id, user_name), ())`;

/**
 * Each member's days (rows of the roll-up as they are), then the team's (summed per day), as
 * three parallel JSON arrays per member: fifty rows parse far faster than thousands.
 */
const dailySql = (filtered: boolean) => `
  SELECT user_id, json_agg(day - $2::date) AS day_index, json_agg(calls) AS calls,
    json_agg(${nonNegativeAverage('quality_score_sum_e6', 'quality_score_count')})
      AS avg_quality_score
  ${rollupsIn(filtered)}
  GROUP BY user_id
  UNION ALL
  SELECT NULL, coalesce(json_agg(day_index), '[]'), coalesce(json_agg(calls), '[]'),
    coalesce(json_agg(avg_quality_score), '[]')
  FROM (
    SELECT day - $2::date AS day_index, sum(calls) AS calls,
      ${nonNegativeAverage('sum(quality_score_sum_e6)::bigint', 'sum(quality_score_count)')}
        AS avg_quality_score
    ${rollupsIn(filtered)}
    GROUP BY day
  ) team`;

const QUERIES = new Map(
  [false, true].map((filtered) => [
    filtered,
    { totals: totalsSql(filtered), daily: dailySql(filtered) },
  ]),
);

/** Team metrics answered from `call_daily_rollups` alone: two queries over at most members × days rows. */
@Injectable()
export class TeamMetricsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async get(organizationId: string, query: TeamMetricsQueryDto): Promise<TeamMetricsReport> {
    const range = resolveMetricsRange(query);
    const userIds = query.user_ids ?? null;
    const { totals, daily } = QUERIES.get(userIds !== null)!;
    const params = [organizationId, range.startDay, range.endDay, ...(userIds ? [userIds] : [])];
    const [totalRows, dailyRows] = await Promise.all([
      this.dataSource.query<TotalsRow[]>(totals, params),
      this.dataSource.query<DailyRow[]>(daily, params),
    ]);
    return toTeamMetrics(range, userIds, totalRows, dailyRows);
  }
}
