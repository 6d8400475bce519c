import { Injectable, NestMiddleware } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { AppError } from '../errors/app-error.js';
import { ErrorCode } from '../errors/error-code.js';

const JSON_TYPES = ['application/json', 'application/merge-patch+json', 'application/*+json'];
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
    this.json(req, res, (err?: unknown) =>
      next(err === undefined ? undefined : bodyParserError(err)),
    );
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
