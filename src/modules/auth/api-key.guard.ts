import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ApiKeyAuthenticator } from './api-key-authenticator.service.js';
import { AppError } from '../../common/errors/app-error.js';
import { setRateLimitSubject } from '../../common/rate-limit/rate-limit-subject.js';
import { PUBLIC_ROUTE } from '../../common/auth/authenticated.decorator.js';
import { attachAuth } from '../../common/auth/caller.js';
import { FailedKeyLimit } from './failed-key-limit.service.js';

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
    private readonly failedKeys: FailedKeyLimit,
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
    const res = context.switchToHttp().getResponse<Response>();
    const secret = presentedKey(req);
    // A key this process already knows needs no lookup, so nothing has to wait for the
    // failed-key budget before it: RateLimitGuard, next, checks that budget (the gate) in the
    // same round trip that counts the key's, and refuses the request when it is used up.
    // Any other key is looked up only on an attempt reserved from that budget, given back
    // when the key is found, so concurrent guesses cannot look up more keys than it allows;
    // requests with a key whose lookup is already in flight share that lookup and its attempt.
    const auth = secret
      ? await this.authenticator.authenticate(secret, (lookUp) =>
          this.failedKeys.attempt(req, res, lookUp),
        )
      : await this.failedKeys.attempt(req, res, () => Promise.resolve(undefined));
    if (auth) {
      attachAuth(req, auth);
      setRateLimitSubject(req, {
        tracker: `key:${auth.apiKey.id}`,
        ...auth.rateLimit,
        gate: this.failedKeys.gate(req),
      });
      return true;
    }
    throw AppError.unauthorized(
      secret ? 'The API key is invalid, expired or revoked' : 'A valid API key is required',
    );
  }
}
