import chromium from '@sparticuz/chromium';
import { existsSync } from 'node:fs';

/**
 * The Chromium that browser tests drive: CHROME_PATH when it is set (a Chrome or Chromium the
 * machine already has), else the build that @sparticuz/chromium ships inside its npm package,
 * unpacked to the temporary directory on first use. So the tests need no system browser.
 */
export async function chromiumExecutable(): Promise<string> {
  const configured = process.env.CHROME_PATH;
  if (!configured) return chromium.executablePath();
  if (!existsSync(configured))
    throw new Error(`CHROME_PATH is ${configured}, which does not exist`);
  return configured;
}
