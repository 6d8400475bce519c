import type { OpenAPIObject } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The committed contract at the repository root (two levels above src/ and dist/). */
export const OPENAPI_PATH = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'openapi.yaml',
);

export function loadOpenApiYaml(): string {
  return readFileSync(OPENAPI_PATH, 'utf8');
}

export function loadOpenApiDocument(): OpenAPIObject {
  return parse(loadOpenApiYaml()) as OpenAPIObject;
}
