import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** package.json at the repository root: four levels above this file in src/ and in dist/ alike. */
const PACKAGE_JSON = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'package.json',
);

/** `Aila-Webhooks/<package version>`, sent with every delivery. */
export const WEBHOOK_USER_AGENT = `Aila-Webhooks/${(JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string }).version}`;
