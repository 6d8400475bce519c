import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import { AppError } from '../errors/app-error.js';
import type { Scope } from './scopes.js';
import { authOf, type Caller } from './caller.js';

export const PUBLIC_ROUTE = 'aila:public';
export const REQUIRED_SCOPE = 'aila:required-scope';

/**
 * Marks what an operation needs: any valid key, or a key holding `scope`.
 * openapi.yaml states the same scope as `x-required-scope`; a contract test keeps them equal.
 */
export const Authenticated = (options: { scope?: Scope } = {}) =>
  SetMetadata(REQUIRED_SCOPE, options.scope ?? null);

/** No API key needed (health, docs, the spec). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The caller's organization and key: the `AuthContext` (api-keys module) ApiKeyGuard attached. */
export const Auth = createParamDecorator((_data: unknown, ctx: ExecutionContext): Caller => {
  const auth = authOf(ctx.switchToHttp().getRequest());
  if (!auth) throw new Error('@Auth() used on a route without authentication');
  return auth;
});

/** `{organizationId}` must be the caller's own organization; any other id is a 404, as if it did not exist. */
export const OwnOrganizationId = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): string => {
    const req = ctx.switchToHttp().getRequest<Request>();
    const auth = authOf(req);
    if (!auth || req.params.organizationId !== auth.organization.id)
      throw AppError.notFound('Organization');
    return auth.organization.id;
  },
);
