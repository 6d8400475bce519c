// The call pipeline end to end, as a client sees it: batches of 100 transcripts posted back to
// back, timed from the first 202 to the last call completed. Two kinds of call: a short one
// (2 segments) and a realistic sales call (10 turns, 83 s, with names, money, dates and
// promises for extraction and task detection). One APP_ROLE=all process with default settings,
// started as `npm start` starts it. Then the list load of the calls benchmark on what the
// batches stored, and the process's memory: idle, and its peak (VmHWM) through it all.
// The machine may be shared, so beside throughput it reports the CPU time per call (the
// service's, all threads, its PostgreSQL backends' and the Redis server's) and the load average.
// The calls run in the order: the short calls first, on the fresh process, then the
// sales calls, which are the first the process sees; then the sales calls again, warm. V8
// compiles the NLP readers' hot code for the first few hundred sales calls, on its own threads,
// which costs several milliseconds a call on top of the reading, so both sales figures are
// reported against the goal.
import autocannon from 'autocannon';
import { loadavg } from 'node:os';
import { startService, unlimit } from './lib.js';

export const SHORT_CALL = {
  language: 'en',
  segments: [
    { speaker: 'Agent', start: 0, end: 3.5, text: 'Thanks for calling, how can I help you today?' },
    { speaker: 'Customer', start: 4, end: 8, text: 'I just wanted to check my rate, thanks.' },
  ],
};

const SALES_TURNS = [
  [
    'Sarah Chen',
    'Hi, this is Sarah Chen from Harbor Lending. Thanks for taking my call, is now still a good time?',
  ],
  [
    'Mike Torres',
    "Yes, now works. We're looking at a house on 42 Oak Street, Austin, Texas and want to get pre-approved.",
  ],
  [
    'Sarah Chen',
    'Great. What price range are you looking at, and how much are you planning to put down?',
  ],
  [
    'Mike Torres',
    'The asking price is $450,000 and we have about $90,000 saved for the down payment.',
  ],
  [
    'Sarah Chen',
    'That is twenty percent, which avoids mortgage insurance. What is your household income?',
  ],
  ['Mike Torres', 'I make about $120,000 a year and my wife Anna makes around $65,000.'],
  [
    'Sarah Chen',
    "Perfect. I'll send you the pre-approval checklist by Friday, and I'll pull your credit today.",
  ],
  [
    'Mike Torres',
    "Sounds good. I'll email you my last two pay stubs and W-2s tonight at mike.torres@example.com.",
  ],
  ['Sarah Chen', "Thank you. I'll call you Monday at 10am to walk through the rate options."],
  ['Mike Torres', 'Perfect, talk to you Monday. Thanks for your help, Sarah.'],
];
export const SALES_CALL = {
  language: 'en',
  segments: SALES_TURNS.map(([speaker, text], i) => ({
    speaker,
    start: i * 8.3,
    end: i * 8.3 + 8,
    text,
  })),
};

const BATCH = 100;
const MB = 1024 * 1024;
const RSS_GOAL_MB = 250;

async function post(service, body) {
  const res = await fetch(`${service.url}/v1/calls/batch-upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${service.key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 202)
    throw new Error(`batch-upload answered ${res.status}: ${await res.text()}`);
  return (await res.json()).data.id;
}

/**
 * Posts `calls` transcripts in batches of 100 and waits for the last to finish; resolves with
 * calls completed per second, failures, and the CPU milliseconds per call of the service and of
 * its database backends over the run.
 */
async function runBatches(service, transcript, calls) {
  const cpu = service.cpuSeconds();
  const mainCpu = service.mainThreadCpuSeconds();
  const dbCpu = await service.databaseCpuSeconds();
  const redisCpu = await service.redisCpuSeconds();
  const started = Date.now();
  const batches = [];
  for (let i = 0; i < calls; i += BATCH) {
    batches.push(
      await post(service, {
        calls: Array.from({ length: Math.min(BATCH, calls - i) }, (_, j) => ({
          user_id: `rep-${(i + j) % 5}`,
          user_name: transcript.segments[0].speaker,
          transcript,
        })),
      }),
    );
  }
  const deadline = started + 600_000;
  for (;;) {
    const { rows } = await service.db.query(
      `SELECT count(*) FILTER (WHERE status IN ('queued', 'processing'))::int AS open,
              count(*) FILTER (WHERE status = 'failed')::int AS failed
         FROM calls WHERE batch_id = ANY($1::uuid[])`,
      [batches],
    );
    if (rows[0].open === 0) {
      const seconds = (Date.now() - started) / 1000;
      return {
        seconds,
        perSecond: calls / seconds,
        failed: rows[0].failed,
        cpuMs: ((service.cpuSeconds() - cpu) * 1000) / calls,
        mainCpuMs: ((service.mainThreadCpuSeconds() - mainCpu) * 1000) / calls,
        dbCpuMs: (((await service.databaseCpuSeconds()) - dbCpu) * 1000) / calls,
        redisCpuMs: (((await service.redisCpuSeconds()) - redisCpu) * 1000) / calls,
        load: loadavg()[0],
      };
    }
    if (Date.now() > deadline) throw new Error(`${rows[0].open} calls still open after 600 s`);
    // Read while they live: a backend the pool closes before the end keeps its last reading.
    await service.databaseCpuSeconds();
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The calls benchmark's list load: GET /v1/calls?limit=50, 50 connections, three rounds. */
async function listLoad(service) {
  let requests = 0;
  for (let round = 0; round < 3; round++) {
    const result = await autocannon({
      url: `${service.url}/v1/calls?limit=50`,
      connections: 50,
      duration: Number(process.env.BENCH_SECONDS ?? 10),
      headers: { authorization: `Bearer ${service.key}` },
    });
    if (result.errors || result.non2xx) {
      throw new Error(`list load: ${result.errors} errors, ${result.non2xx} non-2xx`);
    }
    requests += result.requests.total;
  }
  return requests;
}

const goal = (value, target, met) => `${value} (goal ${target}: ${met ? 'met' : 'not met'})`;
const mb = (bytes) => (bytes / MB).toFixed(0);
const perCall = (run) =>
  `${run.cpuMs.toFixed(1)} (${run.mainCpuMs.toFixed(1)} on the event loop) / ${run.dbCpuMs.toFixed(1)} / ${run.redisCpuMs.toFixed(1)} (load average ${run.load.toFixed(1)})`;

export async function benchPipeline() {
  const shortCalls = Number(process.env.BENCH_SHORT_CALLS ?? 3000);
  const salesCalls = Number(process.env.BENCH_SALES_CALLS ?? 300);
  const service = await startService('pipeline', { LOG_LEVEL: 'warn' });
  try {
    await unlimit(service);
    await new Promise((r) => setTimeout(r, 2000));
    const idleAtStart = service.memory().rss;
    const short = await runBatches(service, SHORT_CALL, shortCalls);
    const firstSales = await runBatches(service, SALES_CALL, salesCalls);
    const sales = await runBatches(service, SALES_CALL, salesCalls);
    const batchesPeak = service.memory().peak;
    const listed = await listLoad(service);
    const { peak } = service.memory();
    await new Promise((r) => setTimeout(r, 5000));
    const idleAfter = service.memory().rss;
    return [
      [
        `Short calls (2 segments), ${shortCalls} in batches of ${BATCH}, on the fresh process: calls completed per second`,
        goal(short.perSecond.toFixed(1), 100, short.perSecond >= 100),
      ],
      ['  202 to all completed (s) / failed', `${short.seconds.toFixed(2)} / ${short.failed}`],
      ['  CPU per call, service / its PostgreSQL backends / the Redis server (ms)', perCall(short)],
      [
        `Sales calls (10 turns, 83 s), ${salesCalls} in batches of ${BATCH}, the first the process sees, after the short ones: calls completed per second`,
        goal(firstSales.perSecond.toFixed(1), 40, firstSales.perSecond >= 40),
      ],
      [
        '  202 to all completed (s) / failed',
        `${firstSales.seconds.toFixed(2)} / ${firstSales.failed}`,
      ],
      [
        '  CPU per call, service / its PostgreSQL backends / the Redis server (ms)',
        perCall(firstSales),
      ],
      [
        `  the next ${salesCalls}, warm: calls completed per second`,
        goal(sales.perSecond.toFixed(1), 40, sales.perSecond >= 40),
      ],
      ['  202 to all completed (s) / failed', `${sales.seconds.toFixed(2)} / ${sales.failed}`],
      ['  CPU per call, as above (ms)', perCall(sales)],
      [
        `Peak RSS (VmHWM) through the batches and ${listed} GET /v1/calls?limit=50 (MB)`,
        goal(mb(peak), `${RSS_GOAL_MB}`, peak <= RSS_GOAL_MB * MB),
      ],
      ['  peak RSS through the batches alone (MB)', mb(batchesPeak)],
      ['  idle RSS after start / after the loads (MB)', `${mb(idleAtStart)} / ${mb(idleAfter)}`],
      ['  service', 'one APP_ROLE=all process as `npm start` starts it, default settings'],
    ];
  } finally {
    await service.stop();
  }
}
