import { Injectable, NestMiddleware } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { AppError } from '../errors/app-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { validationError } from '../validation/validation-errors.js';

const JSON_TYPES = ['application/json', 'application/merge-patch+json', 'application/*+json'];

/**
 * PostgreSQL cannot store NUL characters or unpaired surrogates in text or jsonb; such
 * input is refused at the door, for the body and the query string alike, instead of
 * failing later inside a query.
 */
function storable(value: string): boolean {
  return !value.includes('\u0000') && value.isWellFormed();
}

const ACCEPTED_TYPES = [...JSON_TYPES, 'multipart/form-data'];

/**
 * Body parsing as Nest middleware (the app is created with bodyParser off), so that a
 * malformed, oversized or mistyped body fails through the global exception filter and
 * answers in the error envelope. Multipart bodies pass through to the upload routes.
 */
@Injectable()
export class BodyParsingMiddleware implements NestMiddleware {
  private readonly json: ReturnType<typeof express.json>;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.json = express.json({
      limit: config.get('JSON_BODY_LIMIT', { infer: true }),
      type: JSON_TYPES,
    });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const hasBody =
      req.headers['transfer-encoding'] !== undefined ||
      Number(req.headers['content-length'] ?? 0) > 0;
    if (hasBody && !req.is(ACCEPTED_TYPES)) {
      next(
        new AppError(
          ErrorCode.UnsupportedMediaType,
          `Unsupported content type ${req.headers['content-type'] ?? '(none)'}`,
          {
            expected: ACCEPTED_TYPES.filter((t) => !t.includes('*')),
          },
        ),
      );
      return;
    }
    const badQuery = Object.entries(req.query).find(
      ([name, value]) =>
        ![name, ...[value].flat()].every((v) => typeof v !== 'string' || storable(v)),
    );
    if (badQuery) {
      next(unstorableText(badQuery[0]));
      return;
    }
    // Most requests are reads: nothing to parse.
    if (!hasBody) {
      next();
      return;
    }
    // body-parser calls back outside Nest's handling: whatever goes wrong here must reach
    // next() and so the exception filter, or it would end the process.
    this.json(req, res, (err?: unknown) => {
      let problem: unknown;
      try {
        problem = err !== undefined ? bodyParserError(err) : bodyProblem(req.body);
      } catch (thrown) {
        problem = thrown;
      }
      next(problem);
    });
  }
}

/** body-parser says what went wrong in `type`; say it in our words and codes. */
function bodyParserError(err: unknown): AppError {
  const type = (err as { type?: string }).type;
  switch (type) {
    case 'entity.too.large':
      return new AppError(ErrorCode.PayloadTooLarge, 'Request body is too large');
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError(
        ErrorCode.UnsupportedMediaType,
        'Unsupported charset or content encoding',
      );
    default:
      return new AppError(ErrorCode.BadRequest, 'Malformed JSON in request body');
  }
}

/** Deeper JSON is refused: no body of this API needs more, and every later step stays shallow. */
export const MAX_JSON_DEPTH = 32;

/**
 * Keys that name no field anywhere: the members every object inherits (`constructor`,
 * `__proto__`, `toString`, ...) and `prototype`. The validation pipe and class-transformer
 * drop them without a word, so they would be neither refused nor stored.
 */
const RESERVED_KEYS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/**
 * What is wrong with a parsed body, if anything: nesting deeper than MAX_JSON_DEPTH, a
 * reserved key, or text PostgreSQL cannot store; the first problem in document order.
 * It walks with its own stack, so no input can exhaust the call stack.
 */
export function bodyProblem(body: unknown): AppError | undefined {
  const stack: { value: unknown; path: string; key?: string; depth: number }[] = [
    { value: body, path: '', depth: 1 },
  ];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, path, key, depth } = next;
    if (key !== undefined && !storable(key)) return unstorableText(path);
    if (key !== undefined && RESERVED_KEYS.has(key))
      return validationError([{ field: path, expected: 'no such field' }]);
    if (typeof value === 'string') {
      if (!storable(value)) return unstorableText(path || 'body');
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_JSON_DEPTH) return tooDeep();
    // Pushed last to first, so they are looked at in document order.
    const children = Object.entries(value);
    for (let i = children.length - 1; i >= 0; i--) {
      const [childKey, child] = children[i];
      const childPath = path ? `${path}.${childKey}` : childKey;
      stack.push({ value: child, path: childPath, key: childKey, depth: depth + 1 });
    }
  }
  return undefined;
}

function tooDeep(): AppError {
  return new AppError(
    ErrorCode.BadRequest,
    `JSON in the request is nested more than ${MAX_JSON_DEPTH} levels deep`,
    { max_depth: MAX_JSON_DEPTH },
  );
}

export function unstorableText(field: string): AppError {
  return AppError.validation(
    field,
    'text without NUL characters or unpaired surrogates',
    `Invalid characters in ${field}`,
  );
}
