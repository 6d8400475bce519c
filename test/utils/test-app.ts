import type { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import request from 'supertest';
import { createApp } from '../../src/app.factory.js';
import { OrganizationOnboarding } from '../../src/modules/api-keys/organization-onboarding.service.js';
import { recordResponse } from './spec-validator.js';

export interface TestApp {
  app: INestApplication;
  /** The bootstrap key of this run (all scopes, platform:admin included). */
  bootstrapKey: string;
  http: ReturnType<typeof specCheckedAgent>;
  close(): Promise<void>;
}

/**
 * A supertest agent whose every response is checked against openapi.yaml:
 * status, headers and body must be what the contract says for that operation.
 * `target` is an app of this process, or the base URL of a service process.
 */
export function specCheckedAgent(target: INestApplication | string) {
  const agent = request(typeof target === 'string' ? target : target.getHttpServer());
  const wrap = (method: 'get' | 'post' | 'put' | 'patch' | 'delete') => (url: string) =>
    agent[method](url).expect((res) => recordResponse(method, url, res));
  return {
    get: wrap('get'),
    post: wrap('post'),
    put: wrap('put'),
    patch: wrap('patch'),
    delete: wrap('delete'),
    raw: agent,
  };
}

/**
 * The whole application on the run's real PostgreSQL and Redis, provisioned like `npm start`.
 * `env` overrides settings for this app only (its configuration is read while it is built).
 */
export async function createTestApp(
  env: Record<string, string | undefined> = {},
): Promise<TestApp> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  apply(env);
  let app: INestApplication;
  try {
    app = await createApp();
    await app.init();
  } finally {
    apply(saved);
  }
  const config = app.get(ConfigService);
  const bootstrapKey = config.getOrThrow<string>('BOOTSTRAP_API_KEY');
  await app
    .get(OrganizationOnboarding)
    .provision({ secret: bootstrapKey, organizationName: config.getOrThrow('BOOTSTRAP_ORG_NAME') });
  return { app, bootstrapKey, http: specCheckedAgent(app), close: () => app.close() };
}
