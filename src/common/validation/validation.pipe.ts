import { ValidationPipe } from '@nestjs/common';
import { flattenValidationErrors, validationError } from './validation-errors.js';

/** The single validation pipe: DTOs are transformed, unknown fields are rejected, errors become VALIDATION_ERROR. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => validationError(flattenValidationErrors(errors)),
  });
}
