import {
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  StreamableFile,
} from '@nestjs/common';
import { map, Observable } from 'rxjs';
import { Paginated } from '../pagination/paginated.js';

/** Answers that already have their final shape: files, XML and health reports. */
export class RawResponse<T = unknown> {
  constructor(readonly body: T) {}
}

/** Wraps every successful answer in `{ success: true, data, meta? }`. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        if (body instanceof StreamableFile) return body;
        if (body instanceof RawResponse) return body.body;
        if (body instanceof Paginated) {
          return {
            success: true,
            data: body.items,
            meta: { page: body.page, limit: body.limit, total: body.total },
          };
        }
        return { success: true, data: body };
      }),
    );
  }
}
