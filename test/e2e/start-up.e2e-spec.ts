import { randomBytes } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { AppProcess, freePort, runEnv, startAppProcess } from '../utils/app-process.js';

/** What an operator sees when `node dist/main.js` is started with a configuration it cannot run. */
describe('Start-up with a bad configuration', () => {
  it.each([
    {
      setting: 'DATABASE_URL without ENCRYPTION_KEY',
      env: { ENCRYPTION_KEY: undefined },
      line: 'Invalid configuration: ENCRYPTION_KEY is required when DATABASE_URL is set',
    },
    {
      setting: 'PORT=abc',
      env: { PORT: 'abc' },
      line: 'Invalid configuration: PORT must be an integer number',
    },
    {
      setting: 'LOG_LEVEL=loud',
      env: { LOG_LEVEL: 'loud' },
      line: 'Invalid configuration: LOG_LEVEL must be one of the following values: fatal, error, warn, info, debug, trace, silent',
    },
  ])('$setting: exits 1 with one line on stderr naming the variable', async ({ env, line }) => {
    const sut = startAppProcess(runEnv(env));
    expect(await sut.exited).toEqual({ code: 1, signal: null });
    expect(sut.stderr()).toBe(`${line}\n`);
    expect(sut.output()).toBe(sut.stderr());
  });
});

describe('Start-up order', () => {
  let sut: AppProcess;
  afterEach(async () => {
    await sut.stop();
  });

  it('serves the bootstrap key and readiness from the first connection the port accepts', async () => {
    const port = await freePort();
    // A key this database has never seen, so start-up has to create it.
    const key = `test-start-up-${randomBytes(16).toString('hex')}`;
    sut = startAppProcess(
      runEnv({
        PORT: String(port),
        HOST: '127.0.0.1',
        BOOTSTRAP_API_KEY: key,
        BOOTSTRAP_ORG_NAME: `Start-up ${key.slice(-8)}`,
        REDIS_PREFIX: `${process.env.REDIS_PREFIX}_start_up`,
      }),
    );
    const base = `http://127.0.0.1:${port}`;
    const seen: string[] = [];
    const deadline = Date.now() + 90_000;
    // From the moment the port accepts connections, each answer must be the final one.
    while (seen.length < 20) {
      if (sut.child.exitCode !== null || Date.now() > deadline)
        throw new Error(`No answer on ${base} before exit or deadline:\n${sut.output()}`);
      try {
        const me = await fetch(`${base}/v1/me`, { headers: { Authorization: `Bearer ${key}` } });
        seen.push(`GET /v1/me ${me.status}`);
        const ready = await fetch(`${base}/v1/health/ready`);
        seen.push(`GET /v1/health/ready ${ready.status}`);
      } catch (err) {
        if ((err as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED') throw err;
        await setImmediate();
      }
    }
    expect(seen).toEqual(
      Array.from({ length: seen.length }, (_, i) =>
        i % 2 === 0 ? 'GET /v1/me 200' : 'GET /v1/health/ready 200',
      ),
    );
  });
});

describe('Start-up log', () => {
  let sut: AppProcess;
  afterEach(async () => {
    await sut.stop();
  });

  const start = async (env: Record<string, string | undefined>) => {
    sut = startAppProcess(
      runEnv({ APP_ROLE: 'api', PORT: String(await freePort()), HOST: '127.0.0.1', ...env }),
    );
    await sut.waitFor('listening on');
    await sut.waitFor('Nest application successfully started');
    return sut.output().split('\n').filter(Boolean);
  };
  const isBanner = (line: string) => /^(Aila API server \(api\) listening on | {2}\S)/.test(line);

  it('stays JSON when standard output is not a terminal, without the route map at info', async () => {
    // Without Redis too: the in-process queue is chosen before the app's logger exists.
    const lines = await start({ LOG_LEVEL: 'info', REDIS_URL: undefined });
    const logged = lines
      .filter((line) => !isBanner(line))
      .map((line) => JSON.parse(line) as { level: number; context?: string });
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.filter(({ context }) => context === 'NestApplication')).toHaveLength(1);
    expect(
      logged.filter(({ context }) =>
        ['InstanceLoader', 'RoutesResolver', 'RouterExplorer'].includes(context ?? ''),
      ),
    ).toEqual([]);
  });

  it('prints one readable line per entry with LOG_FORMAT=pretty (the default on a terminal)', async () => {
    const lines = await start({ LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' });
    const logged = lines.filter((line) => !isBanner(line));
    expect(logged.filter((line) => line.startsWith('{'))).toEqual([]);
    expect(logged).toContainEqual(
      expect.stringMatching(
        /^\[\d\d:\d\d:\d\d\.\d{3}\] .*INFO.*: \[NestApplication\] Nest application successfully started/,
      ),
    );
    expect(logged.filter((line) => /RouterExplorer|RoutesResolver/.test(line))).toEqual([]);
  });
});
