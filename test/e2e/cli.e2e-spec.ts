import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { runEnv } from '../utils/app-process.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

const run = promisify(execFile);

/** The operator CLI, as `npm run cli -- …` runs it (on the built service). */
async function cli(...args: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, ['dist/cli.js', ...args], {
    env: { PATH: process.env.PATH, ...runEnv() },
  });
  return stdout;
}

describe('Operator CLI', () => {
  let sut: TestApp;

  beforeAll(async () => {
    sut = await createTestApp();
  });

  afterAll(async () => {
    await sut.close();
  });

  it('creates an organization whose admin key works, then creates, lists and revokes keys', async () => {
    const created = JSON.parse(
      await cli('org:create', '--name', 'Acme CLI', '--plan', 'enterprise'),
    ) as {
      organization: { id: string; plan: string };
      api_key: { secret: string };
    };
    expect(created.organization.plan).toBe('enterprise');
    const me = await sut.http.get('/v1/me').set('X-API-Key', created.api_key.secret).expect(200);
    expect(me.body.data.organization).toMatchObject({
      id: created.organization.id,
      name: 'Acme CLI',
    });

    const key = JSON.parse(
      await cli(
        'keys:create',
        '--org',
        created.organization.id,
        '--name',
        'ci',
        '--scopes',
        'calls:read,calls:write',
      ),
    ) as { id: string; secret: string; scopes: string[] };
    expect(key.scopes).toEqual(['calls:read', 'calls:write']);
    await sut.http.get('/v1/calls').set('X-API-Key', key.secret).expect(200);

    expect(await cli('keys:list', '--org', created.organization.id)).toContain(key.id);
    expect(await cli('keys:revoke', '--org', created.organization.id, '--key', key.id)).toContain(
      `Revoked ${key.id}`,
    );
    await sut.http.get('/v1/calls').set('X-API-Key', key.secret).expect(401);
  });

  it('refuses unknown commands and reserved scopes with a message and a failing exit code', async () => {
    await expect(cli('org:delete')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Unknown command'),
    });
    await expect(
      cli(
        'keys:create',
        '--org',
        '00000000-0000-0000-0000-000000000000',
        '--name',
        'x',
        '--scopes',
        'platform:admin',
      ),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('platform:admin'),
    });
  });
});
