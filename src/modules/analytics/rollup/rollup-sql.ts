import type { Schemas } from '../../../common/http/openapi-types.js';

type AverageField = keyof Schemas['MetricValues'] & `avg_${string}`;

/**
 * Every averaged metric once: its roll-up columns (`<column>_sum_e6`, `<column>_count`), how one
 * call's value is read (SQL over `calls c`, as `numeric`; NULL when the call does not have it)
 * and the field it becomes.
 */
export const AVERAGED_METRICS: readonly { column: string; value: string; field: AverageField }[] = [
  {
    column: 'duration_seconds',
    value: 'c.duration_seconds::numeric',
    field: 'avg_duration_seconds',
  },
  { column: 'quality_score', value: 'c.quality_score::numeric', field: 'avg_quality_score' },
  {
    column: 'talk_ratio',
    value: `(c.analysis ->> 'agent_talk_ratio')::numeric`,
    field: 'avg_talk_ratio',
  },
  {
    column: 'longest_monologue_seconds',
    value: `(c.analysis #>> '{longest_monologue,seconds}')::numeric`,
    field: 'avg_longest_monologue_seconds',
  },
  {
    column: 'interactivity',
    value: `(c.analysis ->> 'interactivity')::numeric`,
    field: 'avg_interactivity',
  },
  {
    column: 'patience_seconds',
    value: `(c.analysis ->> 'patience_seconds')::numeric`,
    field: 'avg_patience_seconds',
  },
  {
    column: 'questions_asked',
    value: `(c.analysis #>> '{questions,agent}')::numeric`,
    field: 'avg_questions_asked',
  },
  {
    column: 'sentiment',
    value: `(c.analysis #>> '{sentiment,overall}')::numeric`,
    field: 'avg_sentiment',
  },
];

/** The UTC day a call belongs to. */
const CALL_DAY = `(c.started_at AT TIME ZONE 'UTC')::date`;

/**
 * Sums are kept in millionths (fixed point, exact to 6 decimals; every metric we compute has
 * at most 2): bigint sums are exact like numeric ones and several times faster to add up.
 */
export const SUM_SCALE = 1_000_000;
export const toFixedPoint = (numeric: string) => `round(${numeric} * ${SUM_SCALE})::bigint`;

const COUNTED = ['calls', 'inbound', 'outbound'];
const SUMMED = [
  ...COUNTED,
  ...AVERAGED_METRICS.flatMap((m) => [`${m.column}_sum_e6`, `${m.column}_count`]),
];

/**
 * Adds the completed calls matching `where` (SQL over `calls c`, with the caller's parameters)
 * to the roll-up, grouped by organization, member and day, in one statement. The same statement
 * rolls up one call as it completes (from `ONE_CALL`, the call's own values as parameters, so
 * analytics never reads the calls table) and a whole table at once (the benchmark's seed; the
 * migration's backfill is a frozen copy), so both agree by construction.
 */
export function rollUpCallsSql(where: string, source = 'calls c'): string {
  const values = [
    'count(*)::int',
    `count(*) FILTER (WHERE c.direction = 'inbound')::int`,
    `count(*) FILTER (WHERE c.direction = 'outbound')::int`,
    ...AVERAGED_METRICS.flatMap((m) => [
      `coalesce(sum(${toFixedPoint(m.value)}), 0)`,
      `count(${m.value})::int`,
    ]),
  ];
  return `
    INSERT INTO call_daily_rollups AS r
      (organization_id, user_id, day, user_name, user_name_at, ${SUMMED.join(', ')})
    SELECT c.organization_id, c.user_id, ${CALL_DAY},
      (array_agg(c.user_name ORDER BY c.started_at DESC) FILTER (WHERE c.user_name IS NOT NULL))[1],
      max(c.started_at) FILTER (WHERE c.user_name IS NOT NULL),
      ${values.join(',\n      ')}
    FROM ${source}
    WHERE c.status = 'completed' AND (${where})
    GROUP BY 1, 2, 3
    ON CONFLICT (organization_id, user_id, day) DO UPDATE SET
      ${SUMMED.map((col) => `${col} = r.${col} + EXCLUDED.${col}`).join(',\n      ')},
      user_name = CASE WHEN EXCLUDED.user_name_at >= coalesce(r.user_name_at, '-infinity')
        THEN EXCLUDED.user_name ELSE r.user_name END,
      user_name_at = greatest(r.user_name_at, EXCLUDED.user_name_at)`;
}

/**
 * One completed call as a one-row source for `rollUpCallsSql`, with the columns the roll-up
 * reads, from parameters $1 to $8 in this order: organization id, user id, user name, started
 * at, direction, duration, quality score, analysis.
 */
export const ONE_CALL = `(SELECT $1::uuid AS organization_id, $2::text AS user_id,
    $3::text AS user_name, $4::timestamptz AS started_at, $5::text AS direction,
    'completed'::text AS status, $6::float8 AS duration_seconds, $7::float8 AS quality_score,
    $8::jsonb AS analysis) c`;
