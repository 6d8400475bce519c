import {
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  Post,
  Query,
  Req,
  Res,
  UploadedFiles,
  UseInterceptors,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator.js';
import type { AuthContext } from '../api-keys/auth-context.js';
import { requestFingerprint } from '../../common/idempotency/idempotency.service.js';
import type { IdempotentResult } from '../../common/idempotency/idempotency.service.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { UuidParam } from '../../common/http/params.js';
import { Paginated } from '../../common/pagination/paginated.js';
import { batchLocation, toBatchResponse, toCallResponse, toCallSummary } from './call.mapper.js';
import { CallsService } from './calls.service.js';
import { ListCallsQueryDto } from './dto/list-calls-query.dto.js';
import { MAX_BATCH_CALLS } from './dto/upload-call.dto.js';
import { RecordingStreamer } from './recording-streamer.service.js';
import { UploadReader } from './upload/upload-reader.js';
import type { MulterFile } from './upload/upload-reader.js';
import { UploadFilesInterceptor } from './upload/upload-files.interceptor.js';

/** A call's form carries at most two files: its recording and its transcript. */
const FILES_PER_CALL = 2;

/** Replays are marked the way Stripe marks them. */
function answer<T>(res: Response, result: IdempotentResult<T>): T {
  if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
  res.status(result.status);
  return result.body;
}

function fingerprintOf(req: Request, files: MulterFile[]): string {
  const fileSummary = files.map((f) => [f.fieldname, f.originalname, f.size]);
  return requestFingerprint(req.method, req.path, {
    body: req.body as unknown,
    files: fileSummary,
  });
}

@Controller('calls')
export class CallsController {
  constructor(
    private readonly calls: CallsService,
    private readonly reader: UploadReader,
    private readonly recordings: RecordingStreamer,
  ) {}

  @Get()
  @Authenticated({ scope: 'calls:read' })
  async list(
    @Auth() auth: AuthContext,
    @Query() query: ListCallsQueryDto,
  ): Promise<Paginated<Schemas['CallSummary']>> {
    const [calls, total] = await this.calls.list(auth.organization.id, query);
    return new Paginated(calls.map(toCallSummary), total, query.limit, query.offset);
  }

  @Post('upload')
  @HttpCode(202)
  @Authenticated({ scope: 'calls:write' })
  @UseInterceptors(UploadFilesInterceptor(FILES_PER_CALL))
  async upload(
    @Auth() auth: AuthContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() body: unknown,
    @UploadedFiles() files: MulterFile[] = [],
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<Schemas['Call']> {
    const accepted = await this.reader.single(body, files, req.is('multipart/form-data') !== false);
    const result = await this.calls.accept(auth, [accepted], {
      batch: false,
      idempotencyKey,
      fingerprint: fingerprintOf(req, files),
      respond: ({ calls }) => toCallResponse(calls[0]),
    });
    return answer(res, result);
  }

  @Post('batch-upload')
  @HttpCode(202)
  @Authenticated({ scope: 'calls:write' })
  @UseInterceptors(UploadFilesInterceptor(MAX_BATCH_CALLS * FILES_PER_CALL))
  async batchUpload(
    @Auth() auth: AuthContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() body: unknown,
    @UploadedFiles() files: MulterFile[] = [],
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<Schemas['Batch']> {
    const accepted = await this.reader.batch(body, files, req.is('multipart/form-data') !== false);
    const result = await this.calls.accept(auth, accepted, {
      batch: true,
      idempotencyKey,
      fingerprint: fingerprintOf(req, files),
      respond: ({ calls, batch }) => toBatchResponse(batch!, calls),
    });
    res.setHeader('Location', batchLocation(result.body.id));
    return answer(res, result);
  }

  @Get(':call_id')
  @Authenticated({ scope: 'calls:read' })
  async get(
    @Auth() auth: AuthContext,
    @UuidParam('call_id', 'Call') id: string,
  ): Promise<Schemas['Call']> {
    const { call, contact, tasks } = await this.calls.getDetails(auth.organization.id, id);
    return toCallResponse(call, contact, tasks);
  }

  @Get(':call_id/recording')
  @Authenticated({ scope: 'calls:read' })
  async recording(
    @Auth() auth: AuthContext,
    @UuidParam('call_id', 'Call') id: string,
    @Headers('range') range: string | undefined,
    @Headers('if-range') ifRange: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const call = await this.calls.get(auth.organization.id, id);
    return this.recordings.stream(call, { range, ifRange }, res);
  }
}
