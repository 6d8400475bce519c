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

let yamlText: string | undefined;
let document: OpenAPIObject | undefined;

/** The contract as written, read once. */
export function loadOpenApiYaml(): string {
  return (yamlText ??= readFileSync(OPENAPI_PATH, 'utf8'));
}

/**
 * The contract, parsed once and frozen. Swagger UI, `/openapi.json` and the webhook event
 * catalogue share it: each used to read and parse its own copy, and kept it (about 2 MB each).
 */
export function loadOpenApiDocument(): OpenAPIObject {
  return (document ??= deepFreeze(parse(loadOpenApiYaml()) as OpenAPIObject));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
