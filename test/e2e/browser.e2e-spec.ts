import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumExecutable } from '../utils/chromium.js';
import { createKey, createOrganization } from '../utils/factories.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const UI_TIMEOUT_MS = 20_000;

describe('Swagger UI in a browser', () => {
  let sut: TestApp;
  let baseUrl: string;
  let key: string;
  let profileDir: string | undefined;
  let browser: BrowserContext | undefined;
  let page: Page;

  beforeAll(async () => {
    sut = await createTestApp();
    await sut.app.listen(0, '127.0.0.1');
    const { port } = sut.app.getHttpServer().address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
    key = (await createKey(sut, await createOrganization(sut), ['calls:read'])).secret;

    // Playwright passes the profile as --user-data-dir; a fresh one keeps runs independent.
    profileDir = await mkdtemp(join(tmpdir(), 'aila-chromium-'));
    browser = await chromium.launchPersistentContext(profileDir, {
      executablePath: await chromiumExecutable(),
      headless: true,
      args: CHROMIUM_ARGS,
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(UI_TIMEOUT_MS);
  });

  afterAll(async () => {
    await browser?.close();
    if (profileDir) await rm(profileDir, { recursive: true, force: true });
    await sut?.close();
  });

  it('authorises with an API key and runs "Try it out" on GET /calls with a 200', async () => {
    await page.goto(`${baseUrl}/docs`);

    await page.locator('.auth-wrapper button.authorize').click();
    const dialog = page.locator('.dialog-ux .modal-ux');
    const apiKeyScheme = dialog.locator('.auth-container', { hasText: 'ApiKeyHeader' });
    await apiKeyScheme.locator('input').fill(key);
    await apiKeyScheme.getByRole('button', { name: 'Apply credentials' }).click();
    await expectVisible(apiKeyScheme.locator('button', { hasText: 'Logout' }));
    await apiKeyScheme.locator('button', { hasText: 'Close' }).click();

    const operation = page.locator('.opblock-get', {
      has: page.locator('.opblock-summary-path[data-path="/calls"]'),
    });
    await operation.locator('.opblock-summary-control').click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.getByRole('button', { name: 'Execute' }).click();

    const live = operation.locator('.live-responses-table');
    const status = live.locator('.response .response-col_status').first();
    await expectVisible(status);
    expect((await status.innerText()).trim()).toBe('200');
    expect(await operation.locator('.curl-command').innerText()).toContain(`X-API-Key: ${key}`);
    expect(await live.locator('.response .response-col_description').innerText()).toContain(
      '"success": true',
    );
  });
});

/** Waits for the element; a timeout fails the test with the locator in the message. */
async function expectVisible(locator: ReturnType<Page['locator']>): Promise<void> {
  await locator.waitFor({ state: 'visible' });
  expect(await locator.isVisible()).toBe(true);
}
