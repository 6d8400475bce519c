// The call pipeline end to end, as a client sees it: batches of 100 transcripts posted back to
// back, timed from the first 202 to the last call completed. Two kinds of call: a short one
// (2 segments) and a realistic sales call (10 turns, 83 s, with names, money, dates and
// promises for extraction and task detection). One APP_ROLE=all process with default settings.
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

/** Posts `calls` transcripts in batches of 100; resolves with calls completed per second and failures. */
async function runBatches(service, transcript, calls) {
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
      return { seconds, perSecond: calls / seconds, failed: rows[0].failed };
    }
    if (Date.now() > deadline) throw new Error(`${rows[0].open} calls still open after 600 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function benchPipeline() {
  const shortCalls = Number(process.env.BENCH_SHORT_CALLS ?? 1000);
  const salesCalls = Number(process.env.BENCH_SALES_CALLS ?? 300);
  const service = await startService('pipeline', { LOG_LEVEL: 'warn' });
  try {
    await unlimit(service);
    // Warm-up: JIT, connection pools, the NLP worker threads.
    await runBatches(service, SALES_CALL, 20);
    const short = await runBatches(service, SHORT_CALL, shortCalls);
    const sales = await runBatches(service, SALES_CALL, salesCalls);
    return [
      [
        `Short calls (2 segments), ${shortCalls} in batches of ${BATCH}: calls completed per second`,
        `${short.perSecond.toFixed(1)} (goal 100: ${short.perSecond >= 100 ? 'met' : 'not met'})`,
      ],
      ['  202 to all completed (s) / failed', `${short.seconds.toFixed(2)} / ${short.failed}`],
      [
        `Sales calls (10 turns, 83 s), ${salesCalls} in batches of ${BATCH}: calls completed per second`,
        `${sales.perSecond.toFixed(1)} (goal 40: ${sales.perSecond >= 40 ? 'met' : 'not met'})`,
      ],
      ['  202 to all completed (s) / failed', `${sales.seconds.toFixed(2)} / ${sales.failed}`],
      ['  service', 'one APP_ROLE=all process, default settings'],
    ];
  } finally {
    await service.stop();
  }
}
