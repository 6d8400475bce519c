// GET /v1/calls?limit=50 under 50 connections over 10 000 calls, against the floor server;
// then a batch of 100 transcripts from 202 to all completed; and the API's memory under load.
// The API and the floor are loaded in alternating rounds and each reports its median round,
// so a machine that slows down or speeds up during the run favours neither. Peak RSS is the
// API's over all its rounds.
import autocannon from 'autocannon';
import { startFloorServer } from './floor-server.js';
import { START_NODE_FLAGS, startService, unlimit } from './lib.js';

const TRANSCRIPT = Array.from({ length: 30 }, (_, i) =>
  i % 2 === 0
    ? 'Agent: Thanks for calling. What rate are you hoping for, and when would you like to close?'
    : 'Customer: Around six percent, closing in about forty five days, and I will send my pay stubs tomorrow.',
).join('\n');

const ROUNDS = 3;

/** The round with the median throughput. */
function median(rounds) {
  return [...rounds].sort((a, b) => a.requests.average - b.requests.average)[
    Math.floor(rounds.length / 2)
  ];
}

const sum = (rounds, pick) => rounds.reduce((total, r) => total + pick(r), 0);

function load(url, key) {
  return autocannon({
    url,
    connections: 50,
    duration: Number(process.env.BENCH_SECONDS ?? 10),
    headers: { authorization: `Bearer ${key}` },
  });
}

export async function benchCalls() {
  const service = await startService('calls');
  try {
    const organizationId = await unlimit(service);
    await service.db.query(
      `INSERT INTO calls (organization_id, user_id, user_name, title, direction, status, started_at, duration_seconds, metadata, completed_at)
       SELECT $1, 'rep-' || (n % 50), 'Rep ' || (n % 50), 'Call ' || n, CASE WHEN n % 2 = 0 THEN 'inbound' ELSE 'outbound' END,
              'completed', now() - (n || ' minutes')::interval, 300 + n % 600, '{}'::jsonb, now()
         FROM generate_series(1, 10000) AS n`,
      [organizationId],
    );
    // Both servers count with an index-only scan from the start, not once autovacuum has run.
    await service.db.query('VACUUM ANALYZE calls');
    const floor = await startFloorServer(
      {
        databaseUrl: service.env.DATABASE_URL,
        redisUrl: service.env.REDIS_URL,
        pepper: service.env.API_KEY_PEPPER,
      },
      START_NODE_FLAGS,
    );
    const listUrl = `${service.url}/v1/calls?limit=50`;
    const floorUrl = `${floor.url}/v1/calls?limit=50`;
    // Warm-up: caches, JIT, connection pools, prepared statements.
    await load(listUrl, service.key);
    await load(floorUrl, service.key);
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, service.rssBytes())), 250);
    const apiRounds = [];
    const floorRounds = [];
    // API, floor; floor, API; API, floor: neither always goes first.
    for (let round = 0; round < ROUNDS; round++) {
      const pair = [
        async () => apiRounds.push(await load(listUrl, service.key)),
        async () => floorRounds.push(await load(floorUrl, service.key)),
      ];
      if (round % 2 === 1) pair.reverse();
      for (const run of pair) await run();
    }
    clearInterval(sampler);
    await floor.close();
    const api = median(apiRounds);
    const floorResult = median(floorRounds);

    const started = Date.now();
    const res = await fetch(`${service.url}/v1/calls/batch-upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${service.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        calls: Array.from({ length: 100 }, (_, i) => ({
          user_id: `rep-${i % 5}`,
          transcript: TRANSCRIPT,
        })),
      }),
    });
    const { data } = await res.json();
    const progressUrl = `${service.url}${res.headers.get('location')}`;
    let status = data.status;
    while (status !== 'completed' && Date.now() - started < 300_000) {
      await new Promise((r) => setTimeout(r, 100));
      const progress = await fetch(progressUrl, {
        headers: { authorization: `Bearer ${service.key}` },
      });
      status = (await progress.json()).data.status;
    }
    const batchSeconds = (Date.now() - started) / 1000;

    return [
      [
        `GET /v1/calls?limit=50, 50 connections, 10 000 calls: requests/s (median of ${ROUNDS} rounds)`,
        api.requests.average.toFixed(0),
      ],
      ['  same, p99 latency (ms)', api.latency.p99],
      [
        '  same, errors / non-2xx over all rounds',
        `${sum(apiRounds, (r) => r.errors)} / ${sum(apiRounds, (r) => r.non2xx)}`,
      ],
      [
        'Floor server (node:http + pg + one Redis call): requests/s (median)',
        floorResult.requests.average.toFixed(0),
      ],
      ['  floor p99 latency (ms)', floorResult.latency.p99],
      [
        '  floor errors / non-2xx over all rounds',
        `${sum(floorRounds, (r) => r.errors)} / ${sum(floorRounds, (r) => r.non2xx)}`,
      ],
      [
        'API throughput / floor throughput',
        (api.requests.average / floorResult.requests.average).toFixed(2),
      ],
      ['Batch of 100 transcripts, 202 to all completed (s)', batchSeconds.toFixed(2)],
      ['  calls completed per second', (100 / batchSeconds).toFixed(1)],
      ['API peak RSS under the list load (MB)', (peakRss / 1024 / 1024).toFixed(0)],
    ];
  } finally {
    await service.stop();
  }
}
