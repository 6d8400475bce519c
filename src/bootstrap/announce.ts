import type { INestApplicationContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { OrganizationOnboarding } from '../modules/api-keys/organization-onboarding.service.js';

/** An admin key start-up generated, and the file it was saved to. */
export interface GeneratedKey {
  secret: string;
  file: string;
}

/**
 * Makes sure the operator's first key exists: BOOTSTRAP_API_KEY, or on a database without any
 * key a generated one, saved to DATA_DIR/admin-api-key.txt (mode 0600). Returns the generated one.
 */
export async function provisionOperatorKey(
  app: INestApplicationContext,
): Promise<GeneratedKey | undefined> {
  const config = app.get<ConfigService<EnvironmentVariables, true>>(ConfigService);
  const secret = await app.get(OrganizationOnboarding).provision({
    secret: config.get('BOOTSTRAP_API_KEY', { infer: true }),
    organizationName: config.get('BOOTSTRAP_ORG_NAME', { infer: true }),
  });
  if (!secret) return undefined;
  const dataDir = resolve(config.get('DATA_DIR', { infer: true }));
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'admin-api-key.txt');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, file };
}

/**
 * Prints one banner: where the service listens, which database and queue it uses, and
 * (first start only) the generated admin key.
 */
export function announceStart(
  app: INestApplicationContext,
  url: string | undefined,
  generated: GeneratedKey | undefined,
): void {
  const config = app.get<ConfigService<EnvironmentVariables, true>>(ConfigService);
  const dataDir = resolve(config.get('DATA_DIR', { infer: true }));
  const embeddedDb = !config.get('DATABASE_URL', { infer: true });
  const inProcessQueue = !config.get('REDIS_URL', { infer: true });
  const lines = [
    '',
    `Aila API server (${config.get('APP_ROLE', { infer: true })})${url ? ` listening on ${url.replace('[::1]', 'localhost')}` : ''}`,
    url ? `  Swagger UI:  ${url}/docs` : undefined,
    `  Database:    ${embeddedDb ? `embedded PostgreSQL (PGlite) in ${join(dataDir, 'pgdata')}` : 'PostgreSQL at DATABASE_URL'}`,
    `  Queue:       ${inProcessQueue ? 'in-process (REDIS_URL unset)' : 'Bull on Redis at REDIS_URL'}`,
  ];
  if (generated) {
    lines.push(
      `  Admin API key (shown once, also saved to ${generated.file}):`,
      `    ${generated.secret}`,
    );
  }
  console.log([...lines.filter(Boolean), ''].join('\n'));
}
