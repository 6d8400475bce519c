// Webhook fan-out: 5 endpoints created through the API, each a node:http receiver in this process
// on 127.0.0.1 that verifies every delivery with `standardwebhooks` and the endpoint's secret.
// Events are outbox rows inserted set-based into webhook_events (as EventOutbox.record writes
// them), so the service's own dispatcher, fan-out and delivery jobs do all the work:
//   burst: 1 000 call.completed events in one INSERT;
//   paced: 1 000 more at 100 events/s (500 deliveries/s, the goal), 10 every 100 ms.
// Latency runs from the moment the INSERT committed (its return here) to the receipt of the
// delivery. Rows inserted by SQL are picked up by the dispatcher's timer, so the service runs
// with SWEEP_INTERVAL_MS=100; events recorded by the app itself are dispatched on commit.
// Runs alone with `node bench/webhooks.bench.js` (after `npm run build`); gives up after
// BENCH_DEADLINE_SECONDS (default 300).
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { parse } from 'yaml';
import { percentile, startService, unlimit } from './lib.js';

const ENDPOINTS = 5;
const EVENTS = 1000;
const PACED_EVENTS_PER_TICK = 10;
const PACED_TICK_MS = 100;
const SWEEP_INTERVAL_MS = 100;
/** The shipped default, set explicitly so the table says what ran. */
const WEBHOOK_CONCURRENCY = 20;
const GOAL_DELIVERIES_PER_SECOND = 500;
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_SECONDS ?? 300) * 1000;

// The documented call.completed payload (openapi.yaml), with a fresh call id per event.
const CALL_SUMMARY = parse(readFileSync(new URL('../openapi.yaml', import.meta.url), 'utf8'))
  .components.examples.CallCompletedEvent.value.data;

const INSERT_EVENTS = `
  INSERT INTO webhook_events (id, organization_id, type, payload, recipient_endpoint_ids)
  SELECT id, $1::uuid, 'call.completed',
         jsonb_build_object('id', id, 'type', 'call.completed',
           'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'organization_id', $1::uuid::text,
           'data', $4::jsonb || jsonb_build_object('id', gen_random_uuid())),
         ARRAY(SELECT endpoint.id FROM webhook_endpoints endpoint
                WHERE endpoint.organization_id = $1::uuid AND endpoint.enabled
                  AND endpoint.events && ARRAY['call.completed', '*'])
    FROM (SELECT 'evt_' || lpad(to_hex(n), 24, '0') AS id
            FROM generate_series($2::int, $3::int) AS n) AS e
  RETURNING id`;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The event when the signature holds, null when it does not. */
function verified(verifier, body, headers) {
  try {
    return verifier.verify(body, headers);
  } catch {
    return null;
  }
}

/** A receiver that answers 204 to a delivery it can verify with the endpoint's secret, 400 otherwise. */
async function startReceiver(onDelivery) {
  let verifier;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const receivedAt = Date.now();
      const event = verified(verifier, Buffer.concat(chunks).toString('utf8'), req.headers);
      res.writeHead(event ? 204 : 400).end();
      onDelivery(event, receivedAt);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks`,
    trust(secret) {
      verifier = new Webhook(secret);
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** What the receivers saw: every verified delivery once per endpoint, forgeries and repeats counted apart. */
function createLedger() {
  const committedAt = new Map();
  const seen = new Set();
  const receipts = [];
  const ledger = {
    forged: 0,
    duplicates: 0,
    received: () => receipts.length,
    commit(ids, at) {
      for (const id of ids) committedAt.set(id, at);
    },
    record(endpoint, event, receivedAt) {
      if (!event) {
        ledger.forged += 1;
        return;
      }
      const key = `${endpoint}:${event.id}`;
      if (seen.has(key)) {
        ledger.duplicates += 1;
        return;
      }
      seen.add(key);
      receipts.push([event.id, receivedAt]);
    },
    /**
     * For the receipts from index `from` on: latencies (sorted), deliveries per second from the
     * first commit to the last receipt, and how long after the last commit the last receipt came.
     */
    summary(from) {
      const slice = receipts.slice(from);
      const commits = slice.map(([id]) => committedAt.get(id));
      const latencies = slice.map(([, at], i) => at - commits[i]).sort((a, b) => a - b);
      const lastReceipt = Math.max(...slice.map(([, at]) => at));
      const perSecond = (slice.length * 1000) / (lastReceipt - Math.min(...commits));
      return { latencies, perSecond, drainMs: lastReceipt - Math.max(...commits) };
    },
  };
  return ledger;
}

async function insertEvents(service, organizationId, first, last) {
  const { rows } = await service.db.query(INSERT_EVENTS, [
    organizationId,
    first,
    last,
    JSON.stringify(CALL_SUMMARY),
  ]);
  return rows.map((row) => row.id);
}

async function waitForReceipts(ledger, count, signal) {
  while (ledger.received() < count) {
    signal.throwIfAborted();
    await sleep(20);
  }
}

async function run(service, receivers, signal) {
  const organizationId = await unlimit(service);
  const ledger = createLedger();
  for (let i = 0; i < ENDPOINTS; i += 1) {
    const receiver = await startReceiver((event, at) => ledger.record(i, event, at));
    receivers.push(receiver);
    const res = await fetch(`${service.url}/v1/organizations/${organizationId}/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${service.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url, events: ['call.completed'] }),
    });
    if (res.status !== 201) throw new Error(`creating endpoint ${i} answered ${res.status}`);
    receiver.trust((await res.json()).data.secret);
  }

  const burstIds = await insertEvents(service, organizationId, 1, EVENTS);
  ledger.commit(burstIds, Date.now());
  await waitForReceipts(ledger, EVENTS * ENDPOINTS, signal);
  const burst = ledger.summary(0);

  const started = Date.now();
  const ticks = EVENTS / PACED_EVENTS_PER_TICK;
  for (let tick = 0; tick < ticks; tick += 1) {
    signal.throwIfAborted();
    await sleep(started + tick * PACED_TICK_MS - Date.now());
    const first = EVENTS + 1 + tick * PACED_EVENTS_PER_TICK;
    const ids = await insertEvents(
      service,
      organizationId,
      first,
      first + PACED_EVENTS_PER_TICK - 1,
    );
    ledger.commit(ids, Date.now());
  }
  await waitForReceipts(ledger, 2 * EVENTS * ENDPOINTS, signal);
  const paced = ledger.summary(EVENTS * ENDPOINTS);

  const { rows: log } = await service.db.query(
    `SELECT count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
            count(*) FILTER (WHERE attempt > 1)::int AS retries
       FROM webhook_deliveries`,
  );
  const ms = (value) => value.toFixed(0);
  const p50p99 = ({ latencies }) =>
    `${ms(percentile(latencies, 50))} / ${ms(percentile(latencies, 99))}`;
  const offered = (1000 / PACED_TICK_MS) * PACED_EVENTS_PER_TICK;
  return [
    [
      `Burst: ${EVENTS.toLocaleString('en')} events in one INSERT × ${ENDPOINTS} endpoints: signed deliveries/s`,
      `${ms(burst.perSecond)} (goal ${GOAL_DELIVERIES_PER_SECOND}: ${burst.perSecond >= GOAL_DELIVERIES_PER_SECOND ? 'met' : 'not met'})`,
    ],
    ['  commit to receipt, p50 / p99 (ms; the whole backlog queues at once)', p50p99(burst)],
    [
      `Paced: ${EVENTS.toLocaleString('en')} events at ${offered}/s × ${ENDPOINTS} endpoints (${offered * ENDPOINTS} deliveries/s offered): delivered/s`,
      ms(paced.perSecond),
    ],
    ['  commit to receipt, p50 / p99 (ms)', p50p99(paced)],
    ['  last receipt after the last commit (ms)', ms(paced.drainMs)],
    [
      '  verified by the receivers / forged / duplicates',
      `${burst.latencies.length + paced.latencies.length} / ${ledger.forged} / ${ledger.duplicates}`,
    ],
    ['  delivery log: succeeded / retries', `${log[0].succeeded} / ${log[0].retries}`],
    [
      '  service',
      `one APP_ROLE=all process, WEBHOOK_CONCURRENCY ${WEBHOOK_CONCURRENCY}, SWEEP_INTERVAL_MS ${SWEEP_INTERVAL_MS}`,
    ],
  ];
}

export async function benchWebhooks() {
  const service = await startService('webhooks', {
    ALLOW_PRIVATE_URLS: 'true',
    SWEEP_INTERVAL_MS: String(SWEEP_INTERVAL_MS),
    WEBHOOK_CONCURRENCY: String(WEBHOOK_CONCURRENCY),
  });
  const receivers = [];
  // Past the deadline the waits stop with this reason, and the service and receivers are closed.
  const signal = AbortSignal.timeout(DEADLINE_MS);
  try {
    return await run(service, receivers, signal);
  } catch (err) {
    throw signal.aborted ? new Error(`gave up after ${DEADLINE_MS / 1000} s`) : err;
  } finally {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await service.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchWebhooks();
  console.log(
    [
      '| Webhook fan-out | Result |',
      '| --- | --- |',
      ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    ].join('\n'),
  );
}
