import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { getQueueToken } from '@nestjs/bull';
import type { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Queue } from 'bull';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { ALL_QUEUES } from '../../queue/queue-names.js';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator.service.js';
import { FailedKeyLimit } from '../auth/failed-key-limit.service.js';
import { requirePlatformAdmin } from './platform-admin.middleware.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

type BoardServerAdapter = Parameters<typeof createBullBoard>[0]['serverAdapter'];

/** Bull Board for every queue, for platform admins only; there is nothing to show without Redis. */
export function mountQueueDashboard(app: INestApplication): void {
  const config = app.get<ConfigService<EnvironmentVariables, true>>(ConfigService);
  if (!config.get('REDIS_URL', { infer: true })) return;
  const serverAdapter = new ExpressAdapter().setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: ALL_QUEUES.map(
      (name) => new BullAdapter(app.get<Queue>(getQueueToken(name), { strict: false })),
    ),
    // @bull-board/express 9.10.1 brings its own @bull-board/api 9.10.1, whose private fields make
    // its types differ from the top-level 9.10.2 in name only; at run time it uses neither.
    serverAdapter: serverAdapter as unknown as BoardServerAdapter,
  });
  app.use(
    QUEUE_DASHBOARD_PATH,
    requirePlatformAdmin(app.get(ApiKeyAuthenticator), app.get(FailedKeyLimit)),
    serverAdapter.getRouter(),
  );
}
