import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError } from '../errors/app-error.js';
import { codeForStatus, ERROR_STATUS, ErrorCode } from '../errors/error-code.js';
import { requestIdOf } from './request-id.js';

/** Errors of Express middleware (http-errors) carry their status like this. */
interface HttpLikeError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
}

/** Turns every error into the error envelope. Nothing internal (stack, SQL) ever reaches the client. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const error = this.toAppError(exception, req);

    if (error.code === ErrorCode.ServiceUnavailable && !(exception instanceof AppError)) {
      this.logger.warn(`Answering 503: ${(exception as Error).message}`);
    } else if (ERROR_STATUS[error.code] >= 500 && !(exception instanceof AppError)) {
      this.logger.error(
        { err: exception, requestId: requestIdOf(req), path: req.path },
        'Unhandled error while serving a request',
      );
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
    res.status(ERROR_STATUS[error.code]).json({
      success: false,
      error: {
        code: error.code,
        message: error.message,
        ...(error.details === undefined ? {} : { details: error.details }),
        request_id: requestIdOf(req) ?? 'unknown',
      },
    });
  }

  private toAppError(exception: unknown, req: Request): AppError {
    if (exception instanceof AppError) return exception;
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = codeForStatus(status);
      const message =
        code === ErrorCode.NotFound && /^Cannot [A-Z]+ /.test(exception.message)
          ? `No route for ${req.method} ${req.originalUrl.split('?')[0]}`
          : status >= 500
            ? 'Internal server error'
            : exception.message;
      return new AppError(code, message);
    }
    const httpLike = (exception ?? {}) as HttpLikeError;
    const status = httpLike.status ?? httpLike.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500 && httpLike.expose !== false) {
      return new AppError(codeForStatus(status), httpLike.message ?? 'Bad request');
    }
    if (isDatabaseUnavailable(exception)) {
      return new AppError(
        ErrorCode.ServiceUnavailable,
        'The database is unavailable; retry shortly',
        undefined,
        { 'Retry-After': '5' },
      );
    }
    return new AppError(ErrorCode.InternalError, 'Internal server error');
  }
}

/** PostgreSQL error classes 08 (connection) and 57P (shutdown), 53300 (too many connections). */
const UNAVAILABLE_SQLSTATES = /^(08|57P|53300)/;
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|ECONNREFUSED|ECONNRESET/;

interface DriverErrorLike {
  code?: string;
  message?: string;
  /** FATAL: PostgreSQL ended or refused the session itself (shutting down, not accepting connections). */
  severity?: string;
  driverError?: DriverErrorLike;
}

/**
 * A database that is down or restarting is not a bug of ours: the client is told to
 * come back (503 with Retry-After) instead of receiving a 500.
 */
function isDatabaseUnavailable(exception: unknown): boolean {
  const err = (exception ?? {}) as DriverErrorLike;
  const driver = err.driverError ?? err;
  const code = driver.code ?? '';
  return (
    driver.severity === 'FATAL' ||
    UNAVAILABLE_SQLSTATES.test(code) ||
    UNAVAILABLE_MESSAGES.test(`${err.message ?? ''} ${driver.message ?? ''}`)
  );
}
