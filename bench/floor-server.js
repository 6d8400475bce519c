// The floor for GET /v1/calls?limit=50: the least work a correct multi-instance server does
// for the same request, as issue 17 defines it, and nothing it leaves out:
//   - node:http, a pg Pool of 10;
//   - the key's hash (HMAC with the pepper) looked up once, then cached in memory;
//   - the per-key budget: one pipelined Redis INCR + PEXPIRE NX per request (a fixed window);
//   - the page query and the count query in parallel, plain queries (no prepared statements);
//   - rows mapped in JS to the same lean list item the API returns (contact by LEFT JOIN),
//     JSON.stringify, the envelope and the three rate-limit headers.
// Its body equals the API's for the same request: the list benchmark checks that before it
// measures. It runs in its own process, with the service's Node flags, as the service does:
// `startFloorServer` forks this file, which serves until it is told to stop.
import { fork } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';

const PAGE_SQL = `
  SELECT c.id, c.external_id, c.user_id, c.user_name, c.title, c.direction, c.status,
         c.failure_reason, c.started_at, c.duration_seconds, c.language, c.contact_id,
         c.metadata, c.recording, c.batch_id, c.created_at, c.updated_at, c.completed_at,
         c.quality_score, ct.name AS contact_name,
         CASE WHEN c.quality IS NULL THEN NULL ELSE jsonb_build_object(
           'score', c.quality->'score', 'checklist_version', c.quality->'checklist_version',
           'auto_failed', c.quality->'auto_failed', 'passed_items', c.quality->'passed_items',
           'failed_items', c.quality->'failed_items') END AS quality
    FROM calls c
    LEFT JOIN contacts ct ON ct.id = c.contact_id AND ct.organization_id = c.organization_id
   WHERE c.organization_id = $1
   ORDER BY c.started_at DESC, c.id DESC
   LIMIT $2 OFFSET $3`;
const COUNT_SQL = 'SELECT count(*)::int AS total FROM calls WHERE organization_id = $1';
const KEY_SQL = `
  SELECT k.id, k.organization_id, k.rate_limit, k.rate_window_seconds
    FROM api_keys k
   WHERE k.secret_hash = $1 AND k.revoked_at IS NULL
     AND (k.expires_at IS NULL OR k.expires_at > now())`;

const iso = (date) => (date === null ? null : date.toISOString());

/** A row as the API's list item, field for field and in the API's order. */
function toItem(row) {
  const r = row.recording;
  return {
    id: row.id,
    external_id: row.external_id,
    user_id: row.user_id,
    user_name: row.user_name,
    title: row.title,
    direction: row.direction,
    status: row.status,
    failure_reason: row.failure_reason,
    started_at: iso(row.started_at),
    duration_seconds: row.duration_seconds,
    language: row.language,
    contact_id: row.contact_id,
    metadata: row.metadata,
    recording: r
      ? {
          filename: r.filename,
          content_type: r.content_type,
          size_bytes: r.size_bytes,
          duration_seconds: r.duration_seconds,
          codec: r.codec,
          channels: r.channels,
          sample_rate: r.sample_rate,
          url: `/v1/calls/${row.id}/recording`,
        }
      : null,
    batch_id: row.batch_id,
    created_at: iso(row.created_at),
    updated_at: iso(row.updated_at),
    completed_at: iso(row.completed_at),
    contact: row.contact_id ? { id: row.contact_id, name: row.contact_name } : null,
    quality: row.quality,
    quality_score: row.quality_score,
  };
}

async function serve({ databaseUrl, redisUrl, pepper }) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const redis = new Redis(redisUrl);
  /** Key hash → the key (or null: not a key), looked up once. */
  const keys = new Map();

  async function authenticate(secret) {
    const hash = createHmac('sha256', pepper).update(secret).digest('hex');
    if (!keys.has(hash)) {
      const { rows } = await pool.query(KEY_SQL, [hash]);
      const key = rows[0];
      keys.set(
        hash,
        key
          ? {
              id: key.id,
              organizationId: key.organization_id,
              limit: key.rate_limit ?? 1000,
              windowMs: (key.rate_window_seconds ?? 3600) * 1000,
            }
          : null,
      );
    }
    return keys.get(hash);
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url, 'http://floor');
      const secret = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
      const key = secret ? await authenticate(secret) : null;
      if (!key) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"success":false}');
        return;
      }
      const window = Math.floor(Date.now() / key.windowMs);
      const counter = `floor:${key.id}:${window}`;
      const [[, used]] = await redis
        .pipeline()
        .incr(counter)
        .pexpire(counter, key.windowMs * 2, 'NX')
        .exec();
      const headers = {
        'content-type': 'application/json; charset=utf-8',
        'x-ratelimit-limit': String(key.limit),
        'x-ratelimit-remaining': String(Math.max(0, key.limit - used)),
        'x-ratelimit-reset': String((window + 1) * key.windowMs),
      };
      if (used > key.limit) {
        res.writeHead(429, headers).end('{"success":false}');
        return;
      }
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const [page, count] = await Promise.all([
        pool.query(PAGE_SQL, [key.organizationId, limit, offset]),
        pool.query(COUNT_SQL, [key.organizationId]),
      ]);
      res.writeHead(200, headers).end(
        JSON.stringify({
          success: true,
          data: page.rows.map(toItem),
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
 * URL, its pid and a close().
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
