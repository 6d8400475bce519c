// The least work a correct server can do for GET /v1/calls?limit=50: authenticate the key
// (HMAC, cached), one Redis call for the rate limit, the page and the count from PostgreSQL,
// and the JSON envelope. The list benchmark compares the real service with this.
//
// It uses every saving the service uses: named statements, timestamps formatted by
// PostgreSQL, the same Node flags. It runs in its own process, as the service does, so neither
// shares a thread with the load generator: `startFloorServer` forks this file, which serves
// until it is told to stop.
import { fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import pg from 'pg';
import { isoTimestamp } from '../dist/database/prepared-query.js';
import { fileURLToPath } from 'node:url';

const iso = (column) => isoTimestamp(`calls.${column}`);

async function serve({ databaseUrl, redisUrl, pepper }) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const redis = new Redis(redisUrl);
  const keys = new Map();

  async function authenticate(secret) {
    const hash = createHmac('sha256', pepper).update(secret).digest('hex');
    if (!keys.has(hash)) {
      const { rows } = await pool.query(
        'SELECT organization_id FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL',
        [hash],
      );
      keys.set(hash, rows[0]?.organization_id ?? null);
    }
    return keys.get(hash);
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://floor');
      const secret = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      const organizationId = await authenticate(secret);
      if (!organizationId) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"success":false}');
        return;
      }
      const used = await redis.incr(`floor:${organizationId}`);
      const limit = Math.min(Number(url.searchParams.get('limit') ?? 50), 100);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const [page, count] = await Promise.all([
        pool.query({
          name: 'floor-page',
          text: `SELECT id, external_id, user_id, user_name, title, direction, status, failure_reason,
                  ${iso('started_at')} AS started_at, duration_seconds, language, contact_id, metadata,
                  recording, quality, quality_score, batch_id, ${iso('created_at')} AS created_at,
                  ${iso('updated_at')} AS updated_at, ${iso('completed_at')} AS completed_at
             FROM calls WHERE organization_id = $1
            ORDER BY calls.started_at DESC, calls.id DESC LIMIT $2 OFFSET $3`,
          values: [organizationId, limit, offset],
        }),
        pool.query({
          name: 'floor-count',
          text: 'SELECT count(*)::int AS total FROM calls WHERE organization_id = $1',
          values: [organizationId],
        }),
      ]);
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-ratelimit-remaining': String(1e9 - used),
      });
      res.end(
        JSON.stringify({
          success: true,
          data: page.rows,
          meta: { page: Math.floor(offset / limit) + 1, limit, total: count.rows[0].total },
        }),
      );
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.send({ port: server.address().port });
  process.once('disconnect', async () => {
    server.close();
    await pool.end();
    redis.disconnect();
  });
}

if (process.send && process.argv[2] === 'serve') {
  await serve(JSON.parse(process.env.FLOOR_OPTIONS));
}

/**
 * Starts the floor server in a child process with the service's Node flags; resolves with its
 * URL and a close().
 */
export async function startFloorServer(options, nodeFlags = []) {
  const child = fork(fileURLToPath(import.meta.url), ['serve'], {
    // FLOOR_NODE_ARGS, e.g. --cpu-prof, to profile the floor as BENCH_NODE_ARGS does the service.
    execArgv: [...(process.env.FLOOR_NODE_ARGS ?? '').split(' ').filter(Boolean), ...nodeFlags],
    env: { ...process.env, FLOOR_OPTIONS: JSON.stringify(options) },
  });
  const { port } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`floor server exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid,
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}
