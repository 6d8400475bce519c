// GET /v1/analytics/team-metrics over 1 000 000 completed calls (50 members, 365 days): p50/p95
// of 200 sequential requests for a year and for 30 days, beside the same aggregation run
// directly on the calls table. Needs `npm run build` first; runs alone with
//   node bench/team-metrics.bench.mjs        (BENCH_CALLS=100000 for a quicker run)
// Seeding is two set-based statements (calls, then the roll-up); the database is dropped at
// the end, and the whole scenario gives up after BENCH_DEADLINE_SECONDS (default 1200).
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { rollUpCallsSql } from '../dist/modules/analytics/rollup/rollup-sql.js';
import { percentile, startService, unlimit, waitForQuiet } from './lib.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 1_000_000);
const MEMBERS = 50;
const DAYS = 365;
const REQUESTS = 200;
const WARM_UP = 20;
const DIRECT_RUNS = 3;
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_SECONDS ?? 1200) * 1000;

// Call n belongs to member n % 50 and to day (n / 50) % 365 before today, so every member has
// calls on every day (about 55 a day each). One call in five has no analysis, one in seven no
// quality score, one in nine no longest monologue: the averages skip them.
const SEED_CALLS = `
  INSERT INTO calls (organization_id, user_id, user_name, title, direction, status, started_at,
                     duration_seconds, quality_score, analysis, completed_at)
  SELECT $1, 'rep-' || lpad((n % ${MEMBERS})::text, 2, '0'), 'Rep ' || (n % ${MEMBERS}),
         'Call ' || n, CASE WHEN n % 3 = 0 THEN 'inbound' ELSE 'outbound' END, 'completed',
         started_at, 60 + (n * 37) % 1200,
         CASE WHEN n % 7 = 0 THEN NULL ELSE ((n * 13) % 1001) / 10.0 END,
         CASE WHEN n % 5 = 0 THEN NULL ELSE jsonb_build_object(
           'agent_talk_ratio', ((n * 17) % 101) / 100.0,
           'longest_monologue', CASE WHEN n % 9 = 0 THEN NULL
             ELSE jsonb_build_object('speaker', 'Rep', 'seconds', ((n * 29) % 12000) / 100.0) END,
           'interactivity', ((n * 11) % 1200) / 100.0,
           'patience_seconds', ((n * 3) % 300) / 100.0,
           'questions', jsonb_build_object('agent', n % 13, 'customer', n % 5),
           'sentiment', jsonb_build_object('overall', ((n * 7) % 201 - 100) / 100.0)) END,
         started_at + interval '20 minutes'
    FROM generate_series(1, $2::bigint) AS n,
         LATERAL (SELECT date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                         - ((n / ${MEMBERS}) % ${DAYS}) * interval '1 day'
                         + ((n * 7919) % 86400) * interval '1 second' AS started_at) AS t`;

// The same answer straight from the calls table: what the endpoint would cost without the roll-up.
const DIRECT_SCOPE = `FROM calls WHERE organization_id = $1 AND status = 'completed'
  AND started_at >= $2::date::timestamp AT TIME ZONE 'UTC'
  AND started_at < ($3::date + 1)::timestamp AT TIME ZONE 'UTC'`;
const avg = (value) => `round(avg(${value}), 2)::float8`;
const DIRECT_TOTALS = `
  SELECT user_id, count(*), count(*) FILTER (WHERE direction = 'inbound'),
    count(*) FILTER (WHERE direction = 'outbound'), sum(duration_seconds::numeric),
    ${[
      'duration_seconds::numeric',
      'quality_score::numeric',
      `(analysis ->> 'agent_talk_ratio')::numeric`,
      `(analysis #>> '{longest_monologue,seconds}')::numeric`,
      `(analysis ->> 'interactivity')::numeric`,
      `(analysis ->> 'patience_seconds')::numeric`,
      `(analysis #>> '{questions,agent}')::numeric`,
      `(analysis #>> '{sentiment,overall}')::numeric`,
    ]
      .map(avg)
      .join(', ')},
    (array_agg(user_name ORDER BY started_at DESC) FILTER (WHERE user_name IS NOT NULL))[1]
  ${DIRECT_SCOPE} GROUP BY GROUPING SETS ((user_id), ())`;
const DIRECT_DAILY = `
  SELECT user_id, day, count(*), ${avg('quality_score::numeric')}
  FROM (SELECT *, (started_at AT TIME ZONE 'UTC')::date AS day ${DIRECT_SCOPE}) c
  GROUP BY GROUPING SETS ((user_id, day), (day))`;

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const elapsed = async (work) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

async function measure(service, query) {
  const url = `${service.url}/v1/analytics/team-metrics?${query}`;
  const headers = { authorization: `Bearer ${service.key}` };
  let bytes = 0;
  const once = async () => {
    const res = await fetch(url, { headers });
    const body = await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    bytes = body.byteLength;
  };
  for (let i = 0; i < WARM_UP; i += 1) await once();
  const times = [];
  for (let i = 0; i < REQUESTS; i += 1) times.push(await elapsed(once));
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), bytes };
}

async function directMedian(db, params) {
  const times = [];
  for (let i = 0; i < DIRECT_RUNS; i += 1) {
    times.push(
      await elapsed(() =>
        Promise.all([db.query(DIRECT_TOTALS, params), db.query(DIRECT_DAILY, params)]),
      ),
    );
  }
  return times.sort((a, b) => a - b)[Math.floor(DIRECT_RUNS / 2)];
}

async function run(service) {
  // Dropping the database at the end ends these connections from the server side.
  service.db.on('error', () => undefined);
  const organizationId = await unlimit(service);
  const seedMs = await elapsed(() => service.db.query(SEED_CALLS, [organizationId, CALLS]));
  const rollupMs = await elapsed(() =>
    service.db.query(rollUpCallsSql('c.organization_id = $1'), [organizationId]),
  );
  // Measured settled, as autovacuum and the checkpointer leave a database some time after a
  // bulk load; otherwise the requests would race the vacuum and write-back of a million fresh
  // rows for the machine's two cores.
  await service.db.query('VACUUM ANALYZE calls');
  await service.db.query('VACUUM ANALYZE call_daily_rollups');
  await service.db.query('CHECKPOINT');
  const settled = await waitForQuiet();
  const {
    rows: [{ rows }],
  } = await service.db.query('SELECT count(*)::int AS rows FROM call_daily_rollups');

  const today = Date.now();
  const ranges = [
    ['a year (365 days)', isoDay(today - (DAYS - 1) * 86_400_000), isoDay(today)],
    ['30 days', isoDay(today - 29 * 86_400_000), isoDay(today)],
  ];
  const results = [];
  for (const [label, start, end] of ranges) {
    const api = await measure(service, `start_date=${start}&end_date=${end}`);
    const directMs = await directMedian(service.db, [organizationId, start, end]);
    results.push([label, api, directMs]);
  }
  const ms = (value) => value.toFixed(1);
  return [
    [
      `Seed: ${CALLS.toLocaleString('en')} calls, one INSERT … SELECT (s)`,
      (seedMs / 1000).toFixed(1),
    ],
    [`Roll-up: one INSERT … SELECT … GROUP BY, ${rows} rows (s)`, (rollupMs / 1000).toFixed(1)],
    [
      `  then VACUUM ANALYZE, CHECKPOINT and a quiet machine after (s)`,
      settled.quiet ? settled.seconds.toFixed(0) : `${settled.seconds.toFixed(0)} (never quiet)`,
    ],
    ...results.flatMap(([label, api, directMs]) => [
      [
        `team-metrics, ${label}: p50 / p95 over ${REQUESTS} requests (ms)`,
        `${ms(api.p50)} / ${ms(api.p95)}`,
      ],
      [`  response size (KiB)`, (api.bytes / 1024).toFixed(0)],
      [`  direct aggregation over calls, median of ${DIRECT_RUNS} (ms)`, ms(directMs)],
    ]),
  ];
}

export async function benchTeamMetrics() {
  const service = await startService('analytics');
  let timer;
  try {
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`gave up after ${DEADLINE_MS / 1000} s`)),
        DEADLINE_MS,
      );
    });
    return await Promise.race([run(service), deadline]);
  } finally {
    clearTimeout(timer);
    await service.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchTeamMetrics();
  console.log(
    ['| Team metrics | Result |', '| --- | --- |', ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join(
      '\n',
    ),
  );
}
