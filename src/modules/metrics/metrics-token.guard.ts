import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Request } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../../common/errors/app-error.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';

/** Whether an Authorization header carries `expected` as its Bearer token (no token configured: yes). */
export function bearerTokenMatches(
  expected: Buffer | undefined,
  header: string | undefined,
): boolean {
  if (!expected) return true;
  const presented = Buffer.from(/^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1] ?? '');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

export function metricsToken(
  config: ConfigService<EnvironmentVariables, true>,
): Buffer | undefined {
  const token = config.get('METRICS_TOKEN', { infer: true });
  return token ? Buffer.from(token) : undefined;
}

export const METRICS_UNAUTHORIZED = 'GET /metrics needs the METRICS_TOKEN as a Bearer token';

/** GET /metrics takes the METRICS_TOKEN as a Bearer token when one is configured, and is open otherwise. */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly token: Buffer | undefined;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.token = metricsToken(config);
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().headers.authorization;
    if (bearerTokenMatches(this.token, header)) return true;
    throw AppError.unauthorized(METRICS_UNAUTHORIZED);
  }
}
