import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { getStorageToken } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { ApiKeyAuthenticator } from './api-key-authenticator.service.js';
import { AppError } from '../../common/errors/app-error.js';
import { enforceRateLimit } from '../../common/rate-limit/rate-limit-headers.js';
import type { RateLimitStore } from '../../common/rate-limit/rate-limit.store.js';
import { setRateLimitSubject } from '../../common/rate-limit/rate-limit-subject.js';
import { attachAuth } from './auth-context.js';
import { PUBLIC_ROUTE } from './authenticated.decorator.js';

/** Failed attempts per client IP, so keys cannot be guessed at speed. */
export const ANONYMOUS_LIMIT = { limit: 60, windowMs: 60_000 };

/** Reads the key from `Authorization: Bearer` or `X-API-Key`. */
export function presentedKey(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1];
  }
  const apiKey = req.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.length > 0 ? apiKey : undefined;
}

/** Authentication for every route not marked @Public(); authorization is ScopeGuard's. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
    @Inject(getStorageToken()) private readonly rateLimits: RateLimitStore,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (
      this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
        context.getHandler(),
        context.getClass(),
      ])
    ) {
      return true;
    }
    const req = context.switchToHttp().getRequest<Request>();
    const secret = presentedKey(req);
    const auth = secret ? await this.authenticator.authenticate(secret) : undefined;
    if (auth) {
      attachAuth(req, auth);
      setRateLimitSubject(req, { tracker: `key:${auth.apiKey.id}`, ...auth.rateLimit });
      return true;
    }
    const record = await this.rateLimits.increment(
      `anon:${req.ip ?? 'unknown'}`,
      ANONYMOUS_LIMIT.windowMs,
      ANONYMOUS_LIMIT.limit,
      0,
      'anonymous',
    );
    enforceRateLimit(context.switchToHttp().getResponse<Response>(), record.decision);
    throw AppError.unauthorized(
      secret ? 'The API key is invalid, expired or revoked' : 'A valid API key is required',
    );
  }
}
