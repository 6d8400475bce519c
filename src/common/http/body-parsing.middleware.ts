import { Injectable, NestMiddleware } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { AppError } from '../errors/app-error.js';
import { ErrorCode } from '../errors/error-code.js';

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
    this.json(req, res, (err?: unknown) => {
      if (err !== undefined) return next(bodyParserError(err));
      const bad = unstorableField(req.body);
      next(bad === undefined ? undefined : unstorableText(bad));
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

/** The path of the first string (or property name) in a parsed body that cannot be stored. */
export function unstorableField(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return storable(value) ? undefined : path || 'body';
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (!storable(key)) return childPath;
    const bad = unstorableField(child, childPath);
    if (bad !== undefined) return bad;
  }
  return undefined;
}

export function unstorableText(field: string): AppError {
  return AppError.validation(
    field,
    'text without NUL characters or unpaired surrogates',
    `Invalid characters in ${field}`,
  );
}
