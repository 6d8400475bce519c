import type { INestApplicationContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { OrganizationsService } from '../modules/organizations/organizations.service.js';

/**
 * Provisions the operator's first key and prints one banner: where the service listens,
 * which database and queue it uses, and (first start only) the generated admin key.
 */
export async function announceStart(
  app: INestApplicationContext,
  url: string | undefined,
): Promise<void> {
  const config = app.get<ConfigService<EnvironmentVariables, true>>(ConfigService);
  const dataDir = resolve(config.get('DATA_DIR', { infer: true }));
  const generated = await app.get(OrganizationsService).provision({
    secret: config.get('BOOTSTRAP_API_KEY', { infer: true }),
    organizationName: config.get('BOOTSTRAP_ORG_NAME', { infer: true }),
  });
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
    mkdirSync(dataDir, { recursive: true });
    const keyFile = join(dataDir, 'admin-api-key.txt');
    writeFileSync(keyFile, `${generated}\n`, { mode: 0o600 });
    lines.push(`  Admin API key (shown once, also saved to ${keyFile}):`, `    ${generated}`);
  }
  console.log([...lines.filter(Boolean), ''].join('\n'));
}
