import { Param, ParseUUIDPipe } from '@nestjs/common';
import { AppError } from '../errors/app-error.js';

/** A UUID path parameter; anything else cannot name an existing resource, so it is a 404. */
export const UuidParam = (name: string, resource: string) =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => AppError.notFound(resource) }));
