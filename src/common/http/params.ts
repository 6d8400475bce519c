import { createParamDecorator, ExecutionContext, Param, ParseUUIDPipe } from '@nestjs/common';
import type { Request } from 'express';
import { authOf } from '../auth/auth-context.js';
import { AppError } from '../errors/app-error.js';

/** A UUID path parameter; anything else cannot name an existing resource, so it is a 404. */
export const UuidParam = (name: string, resource: string) =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => AppError.notFound(resource) }));

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
