import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { AppModule } from './app.module.js';
import { ApiKeysService } from './modules/api-keys/api-keys.service.js';
import { SCOPES, Scope } from './common/auth/scopes.js';
import { OrganizationOnboarding } from './modules/api-keys/organization-onboarding.service.js';
import { OrganizationsService } from './modules/organizations/organizations.service.js';

const USAGE = `Usage: npm run cli -- <command> [options]
  org:create   --name <name> [--plan standard|enterprise]
  keys:create  --org <organizationId> --name <name> --scopes <scope,scope,...>
  keys:list    --org <organizationId>
  keys:revoke  --org <organizationId> --key <keyId>`;

type Options = Record<string, string | undefined>;

function required(options: Options, name: string): string {
  const value = options[name];
  if (!value) throw new Error(`--${name} is required\n${USAGE}`);
  return value;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      plan: { type: 'string' },
      org: { type: 'string' },
      scopes: { type: 'string' },
      key: { type: 'string' },
    },
  });
  const command = positionals[0];
  if (!command) throw new Error(USAGE);
  // The CLI only touches the database: no HTTP, no queue workers, no sweeps.
  process.env.APP_ROLE = 'api';
  const app = await NestFactory.createApplicationContext(await AppModule.forRoot(), {
    logger: ['error'],
  });
  try {
    const options = values as Options;
    const organization = async () => {
      const org = await app.get(OrganizationsService).find(required(options, 'org'));
      if (!org) throw new Error(`No organization ${options.org}`);
      return org;
    };
    switch (command) {
      case 'org:create': {
        const plan = (options.plan ?? 'standard') as 'standard' | 'enterprise';
        const created = await app.get(OrganizationOnboarding).create({
          name: required(options, 'name'),
          plan,
          vertical: 'general',
          default_region: 'US',
        });
        console.log(
          JSON.stringify(
            {
              organization: { id: created.organization.id, name: created.organization.name, plan },
              api_key: { id: created.key.id, secret: created.secret },
            },
            null,
            2,
          ),
        );
        break;
      }
      case 'keys:create': {
        const scopes = required(options, 'scopes')
          .split(',')
          .map((s) => s.trim()) as Scope[];
        const unknown = scopes.filter((s) => !SCOPES.includes(s) || s === 'platform:admin');
        if (unknown.length > 0)
          throw new Error(`Unknown or reserved scopes: ${unknown.join(', ')}`);
        const { key, secret } = await app
          .get(ApiKeysService)
          .issue(await organization(), { name: required(options, 'name'), scopes });
        console.log(
          JSON.stringify({ id: key.id, prefix: key.prefix, scopes: key.scopes, secret }, null, 2),
        );
        break;
      }
      case 'keys:list': {
        const [keys] = await app.get(ApiKeysService).list((await organization()).id, 100, 0);
        for (const k of keys)
          console.log(
            `${k.id}  ${k.prefix}…  ${k.revokedAt ? 'revoked' : 'active '}  ${k.name}  [${k.scopes.join(',')}]`,
          );
        break;
      }
      case 'keys:revoke': {
        const key = await app
          .get(ApiKeysService)
          .revoke((await organization()).id, required(options, 'key'), 'operator');
        console.log(`Revoked ${key.id} (${key.prefix}…)`);
        break;
      }
      default:
        throw new Error(`Unknown command ${command}\n${USAGE}`);
    }
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
