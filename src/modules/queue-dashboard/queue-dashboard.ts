import { getQueueToken } from '@nestjs/bull';
import type { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Queue } from 'bull';
import express, { type Express } from 'express';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { ALL_QUEUES } from '../../queue/queue-names.js';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator.service.js';
import { FailedKeyLimit } from '../auth/failed-key-limit.service.js';
import { requirePlatformAdmin } from './platform-admin.middleware.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board for every queue, for platform admins only; there is nothing to show without Redis.
 * The board and its web server (about 5 MB of heap: two copies of its API, EJS, valibot) are
 * loaded when an admin first opens it, not by every process at start. An Express app stands at
 * the mount point from the start and mounts the board's own app on first use, so the board
 * still inherits the app's settings (`trust proxy`) and hands requests back as Express mounts do.
 */
export function mountQueueDashboard(app: INestApplication): void {
  const config = app.get<ConfigService<EnvironmentVariables, true>>(ConfigService);
  if (!config.get('REDIS_URL', { infer: true })) return;
  const queues = ALL_QUEUES.map((name) => app.get<Queue>(getQueueToken(name), { strict: false }));
  const mountPoint = express().disable('x-powered-by');
  let mounted: Promise<void> | undefined;
  mountPoint.use((_req, _res, next) => {
    mounted ??= loadBoard(queues).then(
      (board) => void mountPoint.use(board),
      (err: unknown) => {
        mounted = undefined;
        throw err;
      },
    );
    mounted.then(() => next(), next);
  });
  app.use(
    QUEUE_DASHBOARD_PATH,
    requirePlatformAdmin(app.get(ApiKeyAuthenticator), app.get(FailedKeyLimit)),
    mountPoint,
  );
}

/** Bull Board's Express app, serving every queue. */
async function loadBoard(queues: Queue[]): Promise<Express> {
  const [{ createBullBoard }, { BullAdapter }, { ExpressAdapter }] = await Promise.all([
    import('@bull-board/api'),
    import('@bull-board/api/bullAdapter'),
    import('@bull-board/express'),
  ]);
  const serverAdapter = new ExpressAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullAdapter(queue)),
    // @bull-board/express 9.10.1 brings its own @bull-board/api 9.10.1, whose private fields make
    // its types differ from the top-level 9.10.2 in name only; at run time it uses neither.
    serverAdapter: serverAdapter as unknown as Parameters<
      typeof createBullBoard
    >[0]['serverAdapter'],
  });
  return serverAdapter.getRouter() as Express;
}
