import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess, freePort, startAppProcess } from '../utils/app-process.js';
import { checkResponse } from '../utils/spec-validator.js';

/** The newcomer's path: `npm start` with nothing configured runs on PGlite and an in-process queue. */
describe('Embedded mode', () => {
  let app: AppProcess;
  let dataDir: string;
  let base: string;
  let calls: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'aila-embedded-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = startAppProcess({
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    });
    await app.waitFor('Admin API key', 90_000);
  });

  afterAll(async () => {
    const ended = await app.stop();
    expect(ended.code === 0 || ended.signal === 'SIGTERM').toBe(true);
    expect(app.output()).not.toMatch(/"level":50|ERROR/);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints one banner naming the embedded database and queue, with a key saved 0600', () => {
    expect(app.output()).toContain('embedded PostgreSQL (PGlite)');
    expect(app.output()).toContain('in-process (REDIS_URL unset)');
    const keyFile = join(dataDir, 'admin-api-key.txt');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(app.output()).toContain(readFileSync(keyFile, 'utf8').trim());
  });

  it('answers GET /v1/me with the generated key, as the spec says', async () => {
    const key = readFileSync(join(dataDir, 'admin-api-key.txt'), 'utf8').trim();
    const res = await fetch(`${base}/v1/me`, { headers: { Authorization: `Bearer ${key}` } });
    const body = (await res.json()) as { data: { organization: { name: string } } };
    expect(res.status).toBe(200);
    expect(body.data.organization.name).toBe('Default');
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => (headers[name] = value));
    expect(checkResponse('get', '/v1/me', { status: res.status, headers, body })).toEqual([]);
  });

  it('processes an uploaded call through the in-process queue', async () => {
    const key = readFileSync(join(dataDir, 'admin-api-key.txt'), 'utf8').trim();
    const headers = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
    const created = await fetch(`${base}/v1/calls/upload`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        user_id: 'rep',
        transcript: 'Agent: Hello, how can I help?\nCustomer: I need a loan.',
      }),
    });
    expect(created.status).toBe(202);
    const { data } = (await created.json()) as { data: { id: string } };
    const deadline = Date.now() + 30_000;
    let status = 'queued';
    while (status !== 'completed' && Date.now() < deadline) {
      const res = await fetch(`${base}/v1/calls/${data.id}`, { headers });
      status = ((await res.json()) as { data: { status: string } }).data.status;
      if (status !== 'completed') await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe('completed');
    calls = [data.id];
  });

  it('serves the named statements of the list again after the pool reconnects', async () => {
    const key = readFileSync(join(dataDir, 'admin-api-key.txt'), 'utf8').trim();
    const list = async () => {
      const res = await fetch(`${base}/v1/calls?user_id=rep`, {
        headers: { Authorization: `Bearer ${key}` },
      });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { data: { id: string }[]; meta: { total: number } };
      expect(page.data.map((call) => call.id)).toEqual(calls);
      expect(page.meta.total).toBe(1);
    };
    await list();
    // The pool closes a connection idle for 10 s; PGlite keeps the session, and its statements.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    await list();
  }, 30_000);
});
