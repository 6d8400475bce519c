// Listing calls, as issue 17 measures it:
//  1. GET /v1/calls?limit=50 under 50 connections over 3,000 realistic calls (contacts, a
//     stored quality result with items and evidence), against the floor server. The two
//     bodies must be equal byte for byte before anything is timed. API and floor are loaded
//     in alternating rounds and each reports its median round, so a machine that slows down
//     or speeds up during the run favours neither; CPU time per request is read from /proc,
//     since on a shared machine throughput also measures the neighbours.
//  2. The same list at 10 connections, idle and then while 3,000 short calls uploaded in
//     batches of 100 are processed by the same APP_ROLE=all process.
import autocannon from 'autocannon';
import { startFloorServer } from './floor-server.js';
import { START_NODE_FLAGS, cpuSecondsOf, loadAverage, startService, unlimit } from './lib.js';
import { SALES_CALL, SHORT_CALL } from './pipeline.bench.js';

const ROUNDS = 3;
const CALLS = 3000;
/** Calls processed while the list is measured at 10 connections; BENCH_BATCH_CALLS=0 skips that part. */
const BATCH_CALLS = Number(process.env.BENCH_BATCH_CALLS ?? CALLS);
const CONTACTS = 600;
const BATCH = 100;
const LIST_PATH = '/v1/calls?limit=50';
const ITEM_BYTES_GOAL = 1200;
const RATIO_GOAL = 0.8;
const P99_GOAL_MS = 250;

const FIRST_NAMES = [
  'Marcus',
  'Dana',
  'Priya',
  'Tom',
  'Anna',
  'Luis',
  'Mei',
  'Omar',
  'Sara',
  'Ken',
];
const LAST_NAMES = ['Lee', 'Whitfield', 'Patel', 'Torres', 'Chen', 'Novak', 'Okafor', 'Berg'];

const goal = (met) => (met ? 'met' : 'not met');

/** The round with the median throughput. */
function median(rounds) {
  return [...rounds].sort((a, b) => a.requests.average - b.requests.average)[
    Math.floor(rounds.length / 2)
  ];
}

const sum = (rounds, pick) => rounds.reduce((total, r) => total + pick(r), 0);

function load(url, key, connections = 50, duration = Number(process.env.BENCH_SECONDS ?? 10)) {
  return autocannon({
    url,
    connections,
    duration,
    headers: { authorization: `Bearer ${key}` },
  });
}

/**
 * Loads `pid`'s server and adds the CPU milliseconds it spent per 2xx answer to the result, and
 * those of the database's backends (both servers share the database, but only one is loaded
 * at a time).
 */
async function measured(pid, url, key, service) {
  const cpuBefore = cpuSecondsOf(pid);
  const dbBefore = await service.databaseCpuSeconds();
  const result = await load(url, key);
  result.cpuMsPerRequest = ((cpuSecondsOf(pid) - cpuBefore) * 1000) / result['2xx'];
  result.dbCpuMsPerRequest =
    (((await service.databaseCpuSeconds()) - dbBefore) * 1000) / result['2xx'];
  return result;
}

async function post(service, path, body) {
  const res = await fetch(`${service.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${service.key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 202) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()).data;
}

/** Resolves once no call of the organization is queued or processing. */
async function allProcessed(service, deadlineMs = 600_000) {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const { rows } = await service.db.query(
      `SELECT count(*)::int AS open FROM calls WHERE status IN ('queued', 'processing')`,
    );
    if (rows[0].open === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0].open} calls still open`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * 3,000 completed calls as the pipeline leaves them: one sales call with a contact goes
 * through the real pipeline, and its transcript, analysis, extracted data and quality result
 * (items with evidence) are copied to the rest, spread over 600 contacts; one call in ten
 * has none.
 */
async function seed(service, organizationId) {
  await post(service, '/v1/calls/upload', {
    user_id: 'rep-0',
    user_name: SALES_CALL.segments[0].speaker,
    title: 'Purchase pre-approval call',
    direction: 'outbound',
    contact: { name: 'Mike Torres', email: 'mike.torres@example.com', company: 'Torres Family' },
    metadata: { source: 'zoom', campaign: 'spring-purchase' },
    transcript: SALES_CALL,
  });
  await allProcessed(service, 60_000);
  const { rows } = await service.db.query(
    `SELECT id, jsonb_array_length(quality->'items') AS items FROM calls WHERE status = 'completed'`,
  );
  if (rows.length !== 1 || !(rows[0].items > 0))
    throw new Error('the template call was not scored');
  await service.db.query(
    `INSERT INTO contacts (organization_id, name, company, emails, call_count)
     SELECT $1, ($2::text[])[1 + n % array_length($2, 1)] || ' ' || ($3::text[])[1 + n % array_length($3, 1)] || ' ' || n,
            'Company ' || n, ARRAY['contact' || n || '@example.com'], 5
       FROM generate_series(1, ${CONTACTS - 1}) AS n`,
    [organizationId, FIRST_NAMES, LAST_NAMES],
  );
  await service.db.query(
    `WITH template AS (SELECT * FROM calls WHERE id = $2),
          contact AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM contacts)
     INSERT INTO calls (organization_id, user_id, user_name, title, direction, status, started_at,
                        duration_seconds, language, contact_id, metadata, transcript, analysis,
                        quality, quality_score, extracted_data, completed_at)
     SELECT $1, 'rep-' || (n % 50), 'Rep ' || (n % 50), 'Call ' || n,
            CASE WHEN n % 2 = 0 THEN 'inbound' ELSE 'outbound' END, 'completed',
            now() - (n || ' minutes')::interval, t.duration_seconds, t.language, contact.id,
            t.metadata, t.transcript, t.analysis, t.quality, t.quality_score, t.extracted_data, now()
       FROM generate_series(1, ${CALLS - 1}) AS n
       CROSS JOIN template t
       LEFT JOIN contact ON contact.i = n % ${CONTACTS} AND n % 10 <> 0`,
    [organizationId, rows[0].id],
  );
  // Both servers count with an index-only scan from the start, not once autovacuum has run.
  await service.db.query('VACUUM ANALYZE calls');
  await service.db.query('VACUUM ANALYZE contacts');
}

/** The API's body and the floor's for the same request must be the same bytes. */
async function sameAnswer(service, floor) {
  const [api, floorBody] = await Promise.all(
    [service.url, floor.url].map(async (base) => {
      const res = await fetch(`${base}${LIST_PATH}`, {
        headers: { authorization: `Bearer ${service.key}` },
      });
      if (res.status !== 200) throw new Error(`${base} answered ${res.status}`);
      return res.text();
    }),
  );
  if (api !== floorBody) {
    const [a, f] = [JSON.parse(api), JSON.parse(floorBody)];
    const index = a.data.findIndex((item, i) => JSON.stringify(item) !== JSON.stringify(f.data[i]));
    throw new Error(
      `The floor answers differently from the API (item ${index}):\n` +
        `API:   ${JSON.stringify(a.data[index] ?? a.meta)}\nfloor: ${JSON.stringify(f.data[index] ?? f.meta)}`,
    );
  }
  const { data } = JSON.parse(api);
  if (data.length !== 50 || data.some((item) => item.contact_id && !item.contact))
    throw new Error('expected 50 items, each with its contact');
  const itemBytes = data.reduce(
    (total, item) => total + Buffer.byteLength(JSON.stringify(item)),
    0,
  );
  return { bodyBytes: Buffer.byteLength(api), itemBytes: itemBytes / data.length };
}

/** The list at 10 connections while 3,000 short calls go from upload to completed. */
async function listDuringBatch(service) {
  const listUrl = `${service.url}${LIST_PATH}`;
  const idle = await load(listUrl, service.key, 10);
  const started = Date.now();
  const running = load(listUrl, service.key, 10, 3600);
  for (let i = 0; i < BATCH_CALLS; i += BATCH) {
    await post(service, '/v1/calls/batch-upload', {
      calls: Array.from({ length: Math.min(BATCH, BATCH_CALLS - i) }, (_, j) => ({
        user_id: `rep-${(i + j) % 5}`,
        user_name: 'Agent',
        contact: { name: `Caller ${i + j}`, email: `caller${i + j}@example.com` },
        transcript: SHORT_CALL,
      })),
    });
  }
  await allProcessed(service);
  const seconds = (Date.now() - started) / 1000;
  running.stop();
  const during = await running;
  const { rows } = await service.db.query(
    `SELECT count(*)::int AS failed FROM calls WHERE status = 'failed'`,
  );
  return { idle, during, seconds, failed: rows[0].failed };
}

export async function benchCalls() {
  const service = await startService('calls');
  try {
    const organizationId = await unlimit(service);
    await seed(service, organizationId);
    const floor = await startFloorServer(
      {
        databaseUrl: service.env.DATABASE_URL,
        redisUrl: service.env.REDIS_URL,
        pepper: service.env.API_KEY_PEPPER,
      },
      START_NODE_FLAGS,
    );
    const size = await sameAnswer(service, floor);
    const listUrl = `${service.url}${LIST_PATH}`;
    const floorUrl = `${floor.url}${LIST_PATH}`;
    // Warm-up: caches, JIT, connection pools, prepared statements.
    await load(listUrl, service.key);
    await load(floorUrl, service.key);
    const loadBefore = loadAverage();
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, service.rssBytes())), 250);
    const apiRounds = [];
    const floorRounds = [];
    // API, floor; floor, API; API, floor: neither always goes first.
    for (let round = 0; round < ROUNDS; round++) {
      const pair = [
        async () => apiRounds.push(await measured(service.pid, listUrl, service.key, service)),
        async () => floorRounds.push(await measured(floor.pid, floorUrl, service.key, service)),
      ];
      if (round % 2 === 1) pair.reverse();
      for (const run of pair) await run();
    }
    clearInterval(sampler);
    const loadAfter = loadAverage();
    await floor.close();
    const api = median(apiRounds);
    const floorResult = median(floorRounds);
    const ratio = api.requests.average / floorResult.requests.average;
    const cpuMs = (rounds, pick = (r) => r.cpuMsPerRequest) =>
      rounds
        .map(pick)
        .sort((a, b) => a - b)
        [Math.floor(rounds.length / 2)].toFixed(2);

    const rows = [
      [
        `GET ${LIST_PATH}, ${CALLS} calls: bytes per list item (body, bytes)`,
        `${size.itemBytes.toFixed(0)} (goal ≤ ${ITEM_BYTES_GOAL}: ${goal(size.itemBytes <= ITEM_BYTES_GOAL)}; body ${size.bodyBytes}, equal to the floor's)`,
      ],
      [
        `same, 50 connections: API / floor requests/s (median of ${ROUNDS} alternating rounds)`,
        `${api.requests.average.toFixed(0)} / ${floorResult.requests.average.toFixed(0)}`,
      ],
      [
        '  API throughput / floor throughput',
        `${ratio.toFixed(2)} (goal ≥ ${RATIO_GOAL}: ${goal(ratio >= RATIO_GOAL)})`,
      ],
      [
        '  CPU time per request, API / floor (ms, median round)',
        `${cpuMs(apiRounds)} / ${cpuMs(floorRounds)}`,
      ],
      [
        '  PostgreSQL CPU time per request, API / floor (ms, median round)',
        `${cpuMs(apiRounds, (r) => r.dbCpuMsPerRequest)} / ${cpuMs(floorRounds, (r) => r.dbCpuMsPerRequest)}`,
      ],
      ['  p99 latency, API / floor (ms)', `${api.latency.p99} / ${floorResult.latency.p99}`],
      [
        '  errors / non-2xx over all rounds, API; floor',
        `${sum(apiRounds, (r) => r.errors)} / ${sum(apiRounds, (r) => r.non2xx)}; ${sum(floorRounds, (r) => r.errors)} / ${sum(floorRounds, (r) => r.non2xx)}`,
      ],
      ['  load average (1 / 5 / 15 min), before / after', `${loadBefore}; ${loadAfter}`],
      ['  API peak RSS under the list load (MB)', (peakRss / 1024 / 1024).toFixed(0)],
    ];
    if (BATCH_CALLS === 0) return rows;
    const batch = await listDuringBatch(service);
    const p99 = batch.during.latency.p99;
    return [
      ...rows,
      [
        `same list, 10 connections, idle: requests/s, p50 / p99 (ms)`,
        `${batch.idle.requests.average.toFixed(0)}, ${batch.idle.latency.p50} / ${batch.idle.latency.p99}`,
      ],
      [
        `  while ${BATCH_CALLS} short calls (batches of ${BATCH}) are processed in the same process: p99 (ms)`,
        `${p99} (goal < ${P99_GOAL_MS}: ${goal(p99 < P99_GOAL_MS)})`,
      ],
      [
        '  same: requests/s, p50 / max (ms), errors / non-2xx',
        `${batch.during.requests.average.toFixed(0)}, ${batch.during.latency.p50} / ${batch.during.latency.max}, ${batch.during.errors} / ${batch.during.non2xx}`,
      ],
      [
        '  batch: first upload to all completed (s), calls/s, failed',
        `${batch.seconds.toFixed(1)}, ${(BATCH_CALLS / batch.seconds).toFixed(1)}, ${batch.failed}`,
      ],
      ['  load average after the batch', loadAverage()],
    ];
  } finally {
    await service.stop();
  }
}
