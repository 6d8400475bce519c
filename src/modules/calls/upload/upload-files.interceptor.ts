import {
  CallHandler,
  ExecutionContext,
  Injectable,
  Logger,
  mixin,
  NestInterceptor,
  PayloadTooLargeException,
  Type,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AnyFilesInterceptor, type MulterModuleOptions } from '@nestjs/platform-express';
import type { Request } from 'express';
import multer from 'multer';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { lastValueFrom, Observable, of } from 'rxjs';
import { AppError } from '../../../common/errors/app-error.js';
import { ErrorCode } from '../../../common/errors/error-code.js';
import type { EnvironmentVariables } from '../../../config/env.validation.js';

/** Where multipart files are received; nothing that outlives its request is kept there. */
export function uploadsDir(dataDir: string): string {
  return resolve(dataDir, 'uploads');
}

/**
 * multer's disk storage, except that a file whose stream fails midway (a body cut off at
 * MAX_UPLOAD_BYTES) is removed too: multer removes only the files the storage reports stored.
 */
function diskStorage(destination: string): multer.StorageEngine {
  const disk = multer.diskStorage({ destination });
  return {
    _handleFile(req, file, callback) {
      disk._handleFile(req, file, (err, info) => {
        if (!err || !file.path) return callback(err, info);
        const failed = () => callback(err);
        rm(file.path, { force: true }).then(failed, failed);
      });
    },
    _removeFile: (req, file, callback) => disk._removeFile(req, file, callback),
  };
}

/** multer's hook for feeding the request body to its parser (busboy). */
type StreamHandler = (req: Request, busboy: Writable) => void;

/**
 * Feeds the body to busboy and stops it past `maxBytes`: at once when Content-Length
 * announces more, otherwise as soon as that many bytes have arrived. multer then removes what
 * it stored and fails the request with the error.
 */
function limitedBody(maxBytes: number): StreamHandler {
  return (req, busboy) => {
    const refuse = () =>
      busboy.destroy(
        new AppError(ErrorCode.PayloadTooLarge, `The upload is larger than ${maxBytes} bytes`, {
          max_bytes: maxBytes,
        }),
      );
    if (Number(req.headers['content-length']) > maxBytes) return refuse();
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes && !busboy.destroyed) refuse();
    });
    req.pipe(busboy);
  };
}

/**
 * Receives a multipart upload with Nest's AnyFilesInterceptor (multer streams each file into
 * DATA_DIR/uploads), allowing at most `maxFiles` files, and removes every file it received
 * once the route has answered, whatever the answer. multer itself removes what it stored when
 * it fails (a limit passed, a malformed body, a client gone mid-upload); this removes the rest:
 * the files of a refused upload, file fields no call names, transcripts read from a file. An
 * accepted recording has been moved into the recording storage by then.
 */
export function UploadFilesInterceptor(maxFiles: number): Type<NestInterceptor> {
  @Injectable()
  class UploadFiles implements NestInterceptor {
    private readonly logger = new Logger(UploadFilesInterceptor.name);
    private readonly multer: NestInterceptor;
    private readonly maxFileBytes: number;

    constructor(config: ConfigService<EnvironmentVariables, true>) {
      this.maxFileBytes = config.get('MAX_RECORDING_BYTES', { infer: true });
      const options: MulterModuleOptions & { streamHandler: StreamHandler } = {
        storage: diskStorage(uploadsDir(config.get('DATA_DIR', { infer: true }))),
        limits: {
          fileSize: this.maxFileBytes,
          files: maxFiles,
          fieldSize: 5 * 1024 * 1024,
        },
        streamHandler: limitedBody(config.get('MAX_UPLOAD_BYTES', { infer: true })),
      };
      this.multer = new (AnyFilesInterceptor(options))();
    }

    async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      const req = context.switchToHttp().getRequest<Request>();
      try {
        return of(await lastValueFrom(await this.multer.intercept(context, next)));
      } catch (err) {
        // multer's file-size limit, in Nest's words: say which limit it was, as for the body.
        if (err instanceof PayloadTooLargeException)
          throw new AppError(
            ErrorCode.PayloadTooLarge,
            `A file of the upload is larger than ${this.maxFileBytes} bytes`,
            { max_bytes: this.maxFileBytes },
          );
        throw err;
      } finally {
        await this.removeReceived(req);
      }
    }

    /** A file that cannot be removed now is left to the stale-uploads sweep. */
    private async removeReceived(req: Request): Promise<void> {
      const files = Array.isArray(req.files) ? req.files : [];
      await Promise.all(
        files.map((file) =>
          rm(file.path, { force: true }).catch((err: Error) =>
            this.logger.warn(`Could not remove the upload file ${file.path}: ${err.message}`),
          ),
        ),
      );
    }
  }
  return mixin(UploadFiles);
}
