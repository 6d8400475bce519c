import { ErrorCode } from './error-code.js';

export type ErrorDetails = Record<string, unknown> | Record<string, unknown>[];

/**
 * The one error type of the application. The exception filter turns it into the
 * error envelope; the HTTP status comes from the code (ERROR_STATUS), never from here.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static validation(field: string, expected: string, message = `Invalid ${field}`): AppError {
    return new AppError(ErrorCode.ValidationError, message, { field, expected });
  }

  static notFound(resource: string): AppError {
    return new AppError(ErrorCode.NotFound, `${resource} not found`);
  }

  static conflict(message: string, details?: ErrorDetails): AppError {
    return new AppError(ErrorCode.Conflict, message, details);
  }

  static forbidden(message: string, details?: ErrorDetails): AppError {
    return new AppError(ErrorCode.Forbidden, message, details);
  }

  static unauthorized(message = 'A valid API key is required'): AppError {
    return new AppError(ErrorCode.Unauthorized, message);
  }
}
