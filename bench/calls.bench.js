// GET /v1/calls?limit=50 under 50 connections over 10 000 calls, against the floor server;
// then a batch of 100 transcripts from 202 to all completed; and the API's memory under load.
import autocannon from 'autocannon';
import { startFloorServer } from './floor-server.js';
import { startService, unlimit } from './lib.js';

const TRANSCRIPT = Array.from({ length: 30 }, (_, i) =>
  i % 2 === 0
    ? 'Agent: Thanks for calling. What rate are you hoping for, and when would you like to close?'
    : 'Customer: Around six percent, closing in about forty five days, and I will send my pay stubs tomorrow.',
).join('\n');

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
    await service.db.query('ANALYZE calls');
    const listUrl = `${service.url}/v1/calls?limit=50`;
    await load(listUrl, service.key); // warm-up: caches, JIT, connection pools
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, service.rssBytes())), 250);
    const api = await load(listUrl, service.key);
    clearInterval(sampler);

    const floor = await startFloorServer({
      databaseUrl: service.env.DATABASE_URL,
      redisUrl: service.env.REDIS_URL,
      pepper: service.env.API_KEY_PEPPER,
    });
    await load(`${floor.url}/v1/calls?limit=50`, service.key);
    const floorResult = await load(`${floor.url}/v1/calls?limit=50`, service.key);
    await floor.close();

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
    let status = data.status;
    while (status !== 'completed' && Date.now() - started < 300_000) {
      await new Promise((r) => setTimeout(r, 100));
      const progress = await fetch(`${service.url}/v1/calls/batch-upload/${data.id}`, {
        headers: { authorization: `Bearer ${service.key}` },
      });
      status = (await progress.json()).data.status;
    }
    const batchSeconds = (Date.now() - started) / 1000;

    return [
      [
        'GET /v1/calls?limit=50, 50 connections, 10 000 calls: requests/s',
        api.requests.average.toFixed(0),
      ],
      ['  same, p99 latency (ms)', api.latency.p99],
      ['  same, errors / non-2xx', `${api.errors} / ${api.non2xx}`],
      [
        'Floor server (node:http + pg + one Redis call): requests/s',
        floorResult.requests.average.toFixed(0),
      ],
      ['  floor p99 latency (ms)', floorResult.latency.p99],
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
