import { Injectable, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import parseRange from 'range-parser';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import type { CallRecord } from './call.types.js';
import { RecordingStorage } from './storage/recording-storage.js';

/** Serves a call's audio with single-range support (206, Content-Range), as players and browsers expect. */
@Injectable()
export class RecordingStreamer {
  constructor(private readonly storage: RecordingStorage) {}

  async stream(
    call: Pick<CallRecord, 'id' | 'recording'>,
    headers: { range?: string; ifRange?: string },
    res: Response,
  ): Promise<StreamableFile> {
    const key = call.recording?.storage_key;
    if (!key) throw AppError.notFound('Recording');
    const size = await this.storage.size(key);
    const type = call.recording?.content_type ?? 'application/octet-stream';
    // A call's recording is written once and never replaced, so its id and size name its bytes.
    const etag = `"${call.id}.${size}"`;
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('ETag', etag);
    const rangeHeader = rangeStillValid(headers.ifRange, etag) ? headers.range : undefined;
    if (rangeHeader) {
      const ranges = parseRange(size, rangeHeader, { combine: true });
      if (ranges === -1) {
        res.setHeader('Content-Range', `bytes */${size}`);
        throw new AppError(
          ErrorCode.RangeNotSatisfiable,
          'The requested range is outside the recording',
          { size_bytes: size },
        );
      }
      // A malformed header, or several ranges, is answered with the whole file (RFC 9110 allows ignoring Range).
      if (ranges !== -2 && ranges.type === 'bytes' && ranges.length === 1) {
        const [{ start, end }] = ranges;
        res.status(206);
        res.setHeader('Content-Range', `bytes ${start}-${end}/${size}`);
        return new StreamableFile(await this.storage.read(key, { start, end }), {
          type,
          length: end - start + 1,
        });
      }
    }
    return new StreamableFile(await this.storage.read(key), { type, length: size });
  }
}

/**
 * RFC 9110 13.1.5: a Range sent with If-Range applies only while the validator still matches,
 * by strong comparison; otherwise the whole file is sent. A weak tag never matches, nor does a
 * date, since no Last-Modified is sent to compare it with.
 */
function rangeStillValid(ifRange: string | undefined, etag: string): boolean {
  return ifRange === undefined || ifRange.trim() === etag;
}
