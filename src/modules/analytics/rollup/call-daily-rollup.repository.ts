import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { OrganizationScopedRepository } from '../../../database/organization-scoped.repository.js';
import type { DailyRow, TotalsRow } from '../team-metrics.mapper.js';
import { CallDailyRollup } from './call-daily-rollup.entity.js';
import type { CallRecord } from '../../calls/call.types.js';
import {
  AVERAGED_METRICS,
  ONE_CALL,
  rollUpCallsSql,
  SUM_SCALE,
  toFixedPoint,
} from './rollup-sql.js';

const ROLL_UP_ONE_CALL = rollUpCallsSql('true', ONE_CALL);

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

const TEAM_QUERIES = new Map(
  [false, true].map((filtered) => [
    filtered,
    { totals: totalsSql(filtered), daily: dailySql(filtered) },
  ]),
);

/** The days of the roll-up to read, and the members to read them for (null: everyone). */
export interface RollupRange {
  startDay: string;
  endDay: string;
  userIds: string[] | null;
}

/** A completed call's new quality score, to move its day's sum by the difference. */
export interface QualityScoreChange {
  userId: string;
  startedAt: Date;
  score: number | null;
  previousScore: number | null;
}

/**
 * `call_daily_rollups`, written in the transactions that complete or rescore calls and create
 * tasks, and read for team metrics by raw SQL: the hot reads are two statements over at most
 * members × days rows.
 */
@Injectable()
export class CallDailyRollupRepository extends OrganizationScopedRepository<CallDailyRollup> {
  constructor(@InjectRepository(CallDailyRollup) repository: Repository<CallDailyRollup>) {
    super(repository);
  }

  /**
   * Adds the completed call to its member's day, from the call's values (the calls table is the
   * calls module's); call it in the transaction that completes the call.
   */
  async addCompletedCall(
    call: Pick<
      CallRecord,
      | 'organizationId'
      | 'userId'
      | 'userName'
      | 'startedAt'
      | 'direction'
      | 'durationSeconds'
      | 'qualityScore'
      | 'analysis'
    >,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repo(manager).query(ROLL_UP_ONE_CALL, [
      call.organizationId,
      call.userId,
      call.userName,
      call.startedAt,
      call.direction,
      call.durationSeconds,
      call.qualityScore,
      call.analysis === null ? null : JSON.stringify(call.analysis),
    ]);
  }

  async moveQualityScore(
    organizationId: string,
    change: QualityScoreChange,
    manager?: EntityManager,
  ): Promise<void> {
    // Scores travel as float8, as the column stores them, and are converted as completion does.
    await this.repo(manager).query(
      `UPDATE call_daily_rollups
          SET quality_score_sum_e6 = quality_score_sum_e6
                + coalesce(${toFixedPoint('$4::float8::numeric')}, 0)
                - coalesce(${toFixedPoint('$5::float8::numeric')}, 0),
              quality_score_count = quality_score_count
                + ($4::float8 IS NOT NULL)::int - ($5::float8 IS NOT NULL)::int
        WHERE organization_id = $1 AND user_id = $2
          AND day = ($3::timestamptz AT TIME ZONE 'UTC')::date`,
      [organizationId, change.userId, change.startedAt, change.score, change.previousScore],
    );
  }

  /** `n` tasks created from calls of this member on `day` (`YYYY-MM-DD`, UTC). */
  async addTasksCreated(
    organizationId: string,
    userId: string,
    day: string,
    n: number,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repo(manager).query(
      `INSERT INTO call_daily_rollups AS r (organization_id, user_id, day, tasks_created)
       VALUES ($1, $2, $3::date, $4)
       ON CONFLICT (organization_id, user_id, day)
       DO UPDATE SET tasks_created = r.tasks_created + EXCLUDED.tasks_created`,
      [organizationId, userId, day, n],
    );
  }

  /** Each member's totals over the range, then the team's (the row whose user_id is null). */
  teamTotals(organizationId: string, range: RollupRange): Promise<TotalsRow[]> {
    const { totals } = TEAM_QUERIES.get(range.userIds !== null)!;
    return this.repo().query<TotalsRow[]>(totals, teamParams(organizationId, range));
  }

  /** Each member's days in the range, then the team's (the row whose user_id is null). */
  teamDaily(organizationId: string, range: RollupRange): Promise<DailyRow[]> {
    const { daily } = TEAM_QUERIES.get(range.userIds !== null)!;
    return this.repo().query<DailyRow[]>(daily, teamParams(organizationId, range));
  }
}

function teamParams(organizationId: string, range: RollupRange): unknown[] {
  const { startDay, endDay, userIds } = range;
  return [organizationId, startDay, endDay, ...(userIds ? [userIds] : [])];
}
