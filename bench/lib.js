// Shared plumbing for the benchmarks: a throwaway database, the built service as a child
// process, and percentiles. Every benchmark targets 127.0.0.1 only and stops by itself.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { Redis } from 'ioredis';
import pg from 'pg';

export const ADMIN_URL =
  process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const START_COMMAND = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  .scripts.start;
const [START_PROGRAM, ...START_ARGS] = START_COMMAND.split(' ');
if (START_PROGRAM !== 'node' || START_ARGS.at(-1) !== 'dist/main.js') {
  throw new Error(
    `The benchmarks expect "start": "node [flags] dist/main.js", not ${START_COMMAND}`,
  );
}
/** The Node flags `npm start` runs the service with. */
export const START_NODE_FLAGS = START_ARGS.slice(0, -1);

export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function adminQuery(sql) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

export function databaseUrl(name) {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts the built service on its own database and Redis prefix; resolves once it listens. */
export async function startService(name, extraEnv = {}) {
  const database = `aila_bench_${name}_${Date.now().toString(36)}`;
  await adminQuery(`CREATE DATABASE ${database}`);
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl(database),
    REDIS_URL,
    REDIS_PREFIX: database,
    API_KEY_PEPPER: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    BOOTSTRAP_API_KEY: `bench-${randomBytes(16).toString('hex')}`,
    DATA_DIR: `/tmp/${database}`,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    ...extraEnv,
  };
  // The service runs as `npm start` runs it (its Node flags included), without npm in between.
  // BENCH_NODE_ARGS, e.g. --cpu-prof, adds flags, to profile a benchmark run.
  const nodeArgs = [
    ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
    ...START_ARGS,
  ];
  const child = spawn(process.execPath, nodeArgs, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let banner = '';
  child.stderr.on('data', (d) => (banner += d.toString()));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`service did not start:\n${banner}`)), 60_000);
    child.stdout.on('data', (d) => {
      const text = d.toString();
      if (banner.length < 20_000) banner += text;
      if (banner.includes('Swagger UI')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`service exited (${code}):\n${banner}`)));
  });
  const db = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: 2,
    application_name: BENCH_APPLICATION,
  });
  return {
    env,
    url: `http://127.0.0.1:${port}`,
    key: env.BOOTSTRAP_API_KEY,
    pid: child.pid,
    db,
    rssBytes: () => memoryOf(child.pid).rss,
    /** Resident memory now (VmRSS) and at its peak since the start (VmHWM), in bytes. */
    memory: () => memoryOf(child.pid),
    /** CPU time the service has used so far (s), all its threads (the NLP pool's too) included. */
    cpuSeconds: () => cpuSecondsOf(child.pid),
    /** CPU time its main thread (the event loop) has used so far (s). */
    mainThreadCpuSeconds: () => cpuSecondsOf(`${child.pid}/task/${child.pid}`),
    /** CPU time of the PostgreSQL backends serving the service now (s); 0 when PostgreSQL is not local. */
    databaseCpuSeconds: () => backendCpuSeconds(db),
    /** CPU time of the whole Redis server so far (s): queue jobs and rate limits, anyone else's work too. */
    redisCpuSeconds,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      await db.end();
      await adminQuery(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    },
  };
}

function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)[1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

/** The benchmark's own connections, left out of the service's database CPU. */
const BENCH_APPLICATION = 'aila-bench';

/** The last CPU time read of each backend the service has had, by pid. */
const backendCpu = new Map();

/**
 * CPU time of every backend of the service's database seen so far: a backend that exited keeps
 * the time it was last read at, so the sum never falls when the pool replaces a connection (it
 * misses only what a backend did after its last reading).
 */
async function backendCpuSeconds(db) {
  const { rows } = await db.query(
    `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name <> $1`,
    [BENCH_APPLICATION],
  );
  for (const { pid } of rows) {
    try {
      backendCpu.set(pid, cpuSecondsOf(pid));
    } catch {
      // Ended since, or PostgreSQL runs on another machine.
    }
  }
  let total = 0;
  for (const seconds of backendCpu.values()) total += seconds;
  return total;
}

/** CPU time the Redis server has used so far (s), from its own INFO (it may run elsewhere). */
export async function redisCpuSeconds() {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const info = await redis.info('cpu');
    const field = (name) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)[1]);
    return field('used_cpu_sys') + field('used_cpu_user');
  } finally {
    redis.disconnect();
  }
}

/** The bootstrap organization's id, with its keys' budget lifted so the limiter never refuses a benchmark. */
export async function unlimit(service) {
  const { rows } = await service.db.query(
    `UPDATE api_keys SET rate_limit = 1000000000, rate_window_seconds = 3600 RETURNING organization_id`,
  );
  return rows[0].organization_id;
}

/**
 * CPU time (user + system, in seconds) a process has used so far, from /proc/<pid>/stat:
 * what a request costs, independent of how busy the machine is with other work.
 */
export function cpuSecondsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

/** The 1-, 5- and 15-minute load averages, to read a figure by how busy the machine was. */
export function loadAverage() {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');
}

/** Busy and total CPU time of the whole machine (all CPUs together); waiting for I/O is busy. */
function cpuTimes() {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const ticks = fields.map(Number);
  return { idle: ticks[3], total: ticks.reduce((a, b) => a + b, 0) };
}

/**
 * Waits until the machine is quiet (at least `idleShare` of its CPU time idle, not waiting for
 * I/O, over a second), for at most `maxSeconds`: after a bulk load the kernel and PostgreSQL
 * keep writing back and cleaning up for a while, which a latency measurement would otherwise
 * pick up. Resolves with the seconds waited and whether the machine did go quiet.
 */
export async function waitForQuiet({ idleShare = 0.9, maxSeconds = 60 } = {}) {
  const started = Date.now();
  while (Date.now() - started < maxSeconds * 1000) {
    const before = cpuTimes();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = cpuTimes();
    if ((after.idle - before.idle) / (after.total - before.total) >= idleShare) {
      return { seconds: (Date.now() - started) / 1000, quiet: true };
    }
  }
  return { seconds: (Date.now() - started) / 1000, quiet: false };
}

export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
