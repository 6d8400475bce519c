import http from 'node:http';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import {
  readRequestBody,
  startLocalHttpServer,
  type LocalHttpServer,
} from '../../src/common/net/testing/local-http-server.js';
import { silentWav } from '../fixtures/audio.js';
import { SALES_CALL } from '../fixtures/transcripts.js';
import { AppProcess, freePort, runEnv, startAppProcess } from '../utils/app-process.js';
import { createKey, createOrganization } from '../utils/factories.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

const WHISPER_ANSWER = readFileSync(
  'src/modules/conversation/transcripts/__fixtures__/whisper-verbose.json',
  'utf8',
);

/** A process of the built service on the run's database and Redis, serving HTTP and jobs. */
async function startService(
  extra: Record<string, string> = {},
): Promise<{ app: AppProcess; port: number }> {
  const port = await freePort();
  const app = startAppProcess(
    runEnv({ APP_ROLE: 'all', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...extra }),
  );
  await app.waitFor('listening on');
  return { app, port };
}

/** A transcription server that holds every answer until the test releases it. */
async function startHeldTranscriber(): Promise<
  LocalHttpServer & { arrived: Promise<void>; release(): void }
> {
  let arrive!: () => void;
  let release!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = await startLocalHttpServer(async (req, res) => {
    await readRequestBody(req);
    arrive();
    await released;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(WHISPER_ANSWER);
  });
  return { ...server, arrived, release };
}

/**
 * A JSON upload whose body is held back: the server has answered 100 Continue when this
 * resolves, so the request is in flight until `finish` sends the body (or forever).
 */
async function uploadInFlight(port: number, key: string) {
  const body = JSON.stringify({ user_id: 'rep-shutdown', transcript: SALES_CALL });
  const request = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/v1/calls/upload',
    headers: {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'X-API-Key': key,
      Expect: '100-continue',
    },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    request.on('error', reject);
  });
  // Without a handler a cut-off request would fail the test before it is awaited.
  response.catch(() => undefined);
  await once(request, 'continue');
  return { response, finish: () => request.end(body) };
}

/** A recording upload, so the call's job goes through the transcription server. */
async function uploadRecording(port: number, key: string): Promise<string> {
  const form = new FormData();
  form.set('user_id', 'rep-shutdown');
  form.set(
    'recording',
    new Blob([new Uint8Array(silentWav(2))], { type: 'audio/wav' }),
    'call.wav',
  );
  const upload = await fetch(`http://127.0.0.1:${port}/v1/calls/upload`, {
    method: 'POST',
    headers: { 'X-API-Key': key },
    body: form,
  });
  expect(upload.status).toBe(202);
  return ((await upload.json()) as { data: { id: string } }).data.id;
}

/** Nest re-raises the signal once every shutdown hook has finished. */
function expectCleanExit(
  ended: { code: number | null; signal: NodeJS.Signals | null },
  app: AppProcess,
): void {
  expect(ended.code === 0 || ended.signal === 'SIGTERM').toBe(true);
  expect(app.output()).not.toMatch(/"level":50/);
}

describe('Graceful shutdown on SIGTERM', () => {
  let api: TestApp;
  let key: string;
  const running: AppProcess[] = [];

  const start = async (extra: Record<string, string> = {}) => {
    const service = await startService(extra);
    running.push(service.app);
    return service;
  };

  beforeAll(async () => {
    // Reads results only: the processes under test do the work.
    api = await createTestApp({ APP_ROLE: 'api' });
    const org = await createOrganization(api);
    key = (await createKey(api, org, ['calls:read', 'calls:write'])).secret;
  });

  afterAll(async () => {
    await Promise.all(running.map((app) => app.stop('SIGKILL')));
    await api.close();
  });

  it('refuses new connections, finishes the request in flight, then exits', async () => {
    const { app, port } = await start();
    const upload = await uploadInFlight(port, key);

    const exited = app.stop('SIGTERM');
    await app.waitFor('Shutting down on SIGTERM', 10_000);
    await expect(fetch(`http://127.0.0.1:${port}/v1/health/live`)).rejects.toThrow();
    upload.finish();

    const answer = await upload.response;
    expect(answer.status).toBe(202);
    expectCleanExit(await exited, app);
    expect(app.output()).toContain('In-flight requests and jobs finished');
    const id = (JSON.parse(answer.body) as { data: { id: string } }).data.id;
    await api.http.get(`/v1/calls/${id}`).set('X-API-Key', key).expect(200);
  });

  it('finishes the job in flight before closing queues and connections', async () => {
    const transcriber = await startHeldTranscriber();
    try {
      const { app, port } = await start({
        TRANSCRIPTION_BASE_URL: `${transcriber.url}/v1`,
        TRANSCRIPTION_API_KEY: 'test-key',
      });
      const id = await uploadRecording(port, key);
      await transcriber.arrived;

      const exited = app.stop('SIGTERM');
      await app.waitFor('Shutting down on SIGTERM', 10_000);
      transcriber.release();
      expectCleanExit(await exited, app);
      expect(app.output()).toContain('In-flight requests and jobs finished');

      const call = await api.http.get(`/v1/calls/${id}`).set('X-API-Key', key).expect(200);
      expect(call.body.data.status).toBe('completed');
      expect(call.body.data.transcript.segments.length).toBeGreaterThan(0);
    } finally {
      await transcriber.close();
    }
  });

  it('cuts off a request still open at SHUTDOWN_TIMEOUT_MS and exits', async () => {
    const { app, port } = await start({ SHUTDOWN_TIMEOUT_MS: '1000' });
    const upload = await uploadInFlight(port, key);

    const ended = await app.stop('SIGTERM');
    await expect(upload.response).rejects.toThrow();
    expectCleanExit(ended, app);
    expect(app.output()).toContain(
      'Requests still in flight at the shutdown deadline were cut off',
    );
  });

  it('exits shortly after SHUTDOWN_TIMEOUT_MS even when a job never finishes', async () => {
    const transcriber = await startHeldTranscriber();
    try {
      const { app, port } = await start({
        SHUTDOWN_TIMEOUT_MS: '1000',
        TRANSCRIPTION_BASE_URL: `${transcriber.url}/v1`,
        TRANSCRIPTION_API_KEY: 'test-key',
      });
      await uploadRecording(port, key);
      await transcriber.arrived;

      const stopping = Date.now();
      const ended = await app.stop('SIGTERM');
      expect(Date.now() - stopping).toBeLessThan(10_000);
      expect(ended.code).toBe(1);
      expect(app.output()).toContain('Jobs still running at the shutdown deadline');
      expect(app.output()).toContain('exiting now');
    } finally {
      transcriber.release();
      await transcriber.close();
    }
  });
});
