import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Scope } from './scopes.js';
import { AppError } from '../errors/app-error.js';
import { authOf } from './caller.js';
import { REQUIRED_SCOPE } from './authenticated.decorator.js';

/** Authorization: the key must hold the scope the operation declares (after rate limiting, so 403s count too). */
@Injectable()
export class ScopeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const auth = authOf(context.switchToHttp().getRequest());
    const scope = this.reflector.getAllAndOverride<Scope | null | undefined>(REQUIRED_SCOPE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!auth || !scope) return true;
    if (auth.apiKey.scopes.includes(scope)) return true;
    throw missingScope(scope);
  }
}

/** The 403 for a key without `scope`, in the one shape every scope refusal has. */
export function missingScope(
  scope: Scope,
  message = `This API key lacks the ${scope} scope`,
): AppError {
  return AppError.forbidden(message, { required_scope: scope });
}
