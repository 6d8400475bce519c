import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { presentedKey } from '../../common/auth/api-key.guard.js';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { AllExceptionsFilter } from '../../common/http/all-exceptions.filter.js';
import { assignRequestId } from '../../common/http/request-id.js';
import type { ApiKeyAuthenticator } from '../api-keys/api-key-authenticator.service.js';

const REQUIRED_SCOPE = 'platform:admin';

/**
 * The key as the API takes it (Bearer or X-API-Key), or as the password of HTTP Basic
 * credentials: browsers resend those on the dashboard's own requests, which they never
 * do for a Bearer header.
 */
export function dashboardKey(req: Request): string | undefined {
  const basic = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(req.headers.authorization ?? '');
  if (!basic) return presentedKey(req);
  const credentials = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  return colon >= 0 && colon < credentials.length - 1 ? credentials.slice(colon + 1) : undefined;
}

/**
 * Lets through only requests with a valid key holding platform:admin, checked by the same
 * authenticator as the API guard. Mounted outside Nest's router, so it gives the request its
 * id and answers refusals through the global exception filter, in the error envelope.
 */
export function requirePlatformAdmin(authenticator: ApiKeyAuthenticator): RequestHandler {
  const filter = new AllExceptionsFilter();
  return (req: Request, res: Response, next: NextFunction) => {
    (req as { id?: string }).id = assignRequestId(req, res);
    const secret = dashboardKey(req);
    const refuse = (error: unknown) =>
      filter.catch(error, new ExecutionContextHost([req, res, next]));
    (secret ? authenticator.authenticate(secret) : Promise.resolve(undefined)).then((auth) => {
      if (!auth) {
        return refuse(
          new AppError(
            ErrorCode.Unauthorized,
            secret ? 'The API key is invalid, expired or revoked' : 'A valid API key is required',
            undefined,
            { 'WWW-Authenticate': 'Basic realm="Aila queues", charset="UTF-8"' },
          ),
        );
      }
      if (!auth.apiKey.scopes.includes(REQUIRED_SCOPE)) {
        return refuse(
          AppError.forbidden(`This API key lacks the ${REQUIRED_SCOPE} scope`, {
            required_scope: REQUIRED_SCOPE,
          }),
        );
      }
      next();
    }, refuse);
  };
}
