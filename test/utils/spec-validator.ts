import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

type Json = Record<string, unknown>;
interface ResponseLike {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  text?: string;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
export const spec = parse(readFileSync(join(process.cwd(), 'openapi.yaml'), 'utf8')) as Json;
const SPEC_ID = 'https://aila.local/openapi.json';
const ajv = new Ajv2020({
  strict: false,
  allErrors: true,
  // Ajv's discriminator rejects OpenAPI's `mapping`; every branch of our oneOfs fixes its `type`
  // with a const, so plain oneOf decides the same branch.
  discriminator: false,
  validateFormats: true,
});
addFormats(ajv);
ajv.addSchema(spec, SPEC_ID);
const compiled = new Map<string, ValidateFunction>();

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function at(pointer: string): unknown {
  return pointer
    .split('/')
    .slice(1)
    .reduce<unknown>(
      (node, part) => (node as Json | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')],
      spec,
    );
}

/** Follows `$ref`s between OpenAPI objects (responses, headers), keeping the pointer of where we are. */
function deref(pointer: string): { node: Json; pointer: string } {
  let node = at(pointer) as Json;
  while (node && typeof node.$ref === 'string') {
    pointer = (node.$ref as string).slice(1);
    node = at(pointer) as Json;
  }
  return { node, pointer };
}

/** The spec operation a request path and method belong to: every path is relative to /v1. */
export function findOperation(
  method: string,
  url: string,
): { path: string; pointer: string } | undefined {
  const pathname = new URL(url, 'http://x').pathname;
  if (!pathname.startsWith('/v1/')) return undefined;
  const relative = pathname.slice(3);
  for (const path of Object.keys(spec.paths as Json)) {
    const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (
      pattern.test(relative) &&
      (spec.paths as Json)[path] &&
      ((spec.paths as Json)[path] as Json)[method]
    ) {
      return { path, pointer: `/paths/${escapePointer(path)}/${method}` };
    }
  }
  return undefined;
}

function validator(pointer: string): ValidateFunction {
  let fn = compiled.get(pointer);
  if (!fn) {
    fn = ajv.compile({ $ref: `${SPEC_ID}#${pointer}` });
    compiled.set(pointer, fn);
  }
  return fn;
}

/** The error-envelope schema, for answers that have no operation (an unknown route). */
function errorEnvelopePointer(): string {
  const schemas = (spec.components as Json).schemas as Json;
  const name = Object.keys(schemas).find((n) => /^Error(Envelope|Response)$/.test(n));
  if (!name) throw new Error('openapi.yaml has no ErrorEnvelope schema');
  return `/components/schemas/${name}`;
}

export const exercised = new Set<string>();

/** Asserts one response is what the contract promises; throws with the reasons when not. */
export function recordResponse(method: string, url: string, res: ResponseLike): void {
  const problems = checkResponse(method, url, res);
  if (problems.length > 0) {
    throw new Error(
      `${method.toUpperCase()} ${url.slice(0, 200)} -> ${res.status} does not match openapi.yaml:\n  ${problems.join('\n  ')}`,
    );
  }
}

export function checkResponse(method: string, url: string, res: ResponseLike): string[] {
  const operation = findOperation(method, url);
  const contentType = (res.headers['content-type'] ?? '').split(';')[0].trim();
  const problems: string[] = [];
  if (!res.headers['x-request-id']) problems.push('missing X-Request-Id header');
  if (!operation) {
    if (res.status !== 404 && res.status !== 405)
      problems.push('no operation in the spec for this path');
    const fn = validator(errorEnvelopePointer());
    if (!fn(res.body))
      problems.push(...(fn.errors ?? []).map((e) => `body${e.instancePath} ${e.message}`));
    return problems;
  }
  exercised.add(`${method} ${operation.path}`);
  const responses = at(`${operation.pointer}/responses`) as Json;
  const key =
    String(res.status) in responses
      ? String(res.status)
      : 'default' in responses
        ? 'default'
        : undefined;
  if (!key)
    return [
      ...problems,
      `status ${res.status} is not documented (documented: ${Object.keys(responses).join(', ')})`,
    ];
  const { node: response, pointer } = deref(`${operation.pointer}/responses/${key}`);
  for (const [name, ref] of Object.entries((response.headers ?? {}) as Json)) {
    const header = deref(`${pointer}/headers/${escapePointer(name)}`).node;
    if (
      (header.required || (ref as Json).required) &&
      res.headers[name.toLowerCase()] === undefined
    ) {
      problems.push(`missing documented header ${name}`);
    }
  }
  const content = response.content as Json | undefined;
  if (!content) return problems;
  const mediaType = Object.keys(content).find(
    (m) => m === contentType || (m.endsWith('/*') && contentType.startsWith(m.slice(0, -1))),
  );
  if (!mediaType)
    return [
      ...problems,
      `content type ${contentType || '(none)'} not documented (${Object.keys(content).join(', ')})`,
    ];
  if (!mediaType.includes('json')) return problems;
  const schemaPointer = `${pointer}/content/${escapePointer(mediaType)}/schema`;
  const fn = validator(schemaPointer);
  if (!fn(res.body))
    problems.push(
      ...(fn.errors ?? [])
        .slice(0, 10)
        .map((e) => `body${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`),
    );
  return problems;
}

/** Every operation of the spec as "method /path", for the route comparison and scope matrix. */
export function specOperations(): { method: string; path: string; operation: Json }[] {
  return Object.entries(spec.paths as Json).flatMap(([path, item]) =>
    METHODS.filter((m) => (item as Json)[m]).map((method) => ({
      method,
      path,
      operation: (item as Json)[method] as Json,
    })),
  );
}

/** What is wrong with `value` as an instance of the spec's component schema `name` (e.g. an event payload). */
export function schemaProblems(name: string, value: unknown): string[] {
  const fn = validator(`/components/schemas/${escapePointer(name)}`);
  return fn(value)
    ? []
    : (fn.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}
