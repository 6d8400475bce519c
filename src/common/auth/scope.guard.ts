import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Scope } from '../../modules/api-keys/scopes.js';
import { AppError } from '../errors/app-error.js';
import { authOf } from './auth-context.js';
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
    throw AppError.forbidden(`This API key lacks the ${scope} scope`, { required_scope: scope });
  }
}
