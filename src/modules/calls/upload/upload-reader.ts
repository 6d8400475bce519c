import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { fileTypeFromFile } from 'file-type';
import { readFile } from 'node:fs/promises';
import type {} from 'multer';
import { AppError } from '../../../common/errors/app-error.js';
import { bodyProblem } from '../../../common/http/body-parsing.middleware.js';
import { ErrorCode } from '../../../common/errors/error-code.js';
import { assertPublicUrl, UnsafeUrlError } from '../../../common/net/address-guard.js';
import { validateDto } from '../../../common/validation/validate-dto.js';
import { FieldProblem, validationError } from '../../../common/validation/validation-errors.js';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import { BatchItemDto, BatchUploadDto, UploadCallDto } from '../dto/upload-call.dto.js';
import { TranscriptFormatError } from '../../conversation/index.js';
import { parseTranscript } from '../../conversation/index.js';
import type { ParsedTranscript } from '../../conversation/index.js';
import type { AcceptedUpload, UploadedRecording } from './upload.types.js';

/** Audio we accept, by what the bytes say (file-type's detection), not by the file's name. */
const AUDIO_TYPES = new Set(['wav', 'mp3', 'm4a', 'mp4', 'ogg', 'opus', 'oga', 'webm', 'flac']);
const JSON_FIELDS = ['contact', 'metadata'];
const NUMBER_FIELDS = ['duration_seconds'];

export type MulterFile = Express.Multer.File;

/**
 * Multipart fields arrive after the JSON body checks; they, and the JSON decoded from them,
 * are held to the same rules (depth, reserved keys, storable text).
 */
function assertSafeBody(body: unknown): void {
  const problem = bodyProblem(body);
  if (problem) throw problem;
}

/**
 * Turns an upload request (JSON or multipart) into accepted calls, or one 400 that lists
 * every problem: metadata, transcript format, recording type and URL. Nothing is stored here.
 */
@Injectable()
export class UploadReader {
  constructor(private readonly config: ConfigService<EnvironmentVariables, true>) {}

  async single(body: unknown, files: MulterFile[], multipart: boolean): Promise<AcceptedUpload> {
    if (multipart) assertSafeBody(body);
    const plain = multipart ? this.fromFormFields((body ?? {}) as Record<string, string>) : body;
    if (multipart) assertSafeBody(plain);
    const problems: FieldProblem[] = [];
    const fileFields = { recording: 'recording', transcript: 'transcript' };
    const accepted = await this.item(UploadCallDto, plain, files, fileFields, problems);
    if (problems.length > 0 || !accepted) throw validationError(problems);
    return accepted;
  }

  async batch(body: unknown, files: MulterFile[], multipart: boolean): Promise<AcceptedUpload[]> {
    let plain = body;
    if (multipart) {
      assertSafeBody(body);
      const field = (body as Record<string, unknown> | undefined)?.calls;
      try {
        plain = { calls: typeof field === 'string' ? JSON.parse(field) : field };
      } catch {
        throw AppError.validation(
          'calls',
          'a JSON array of call objects',
          'The calls field is not valid JSON',
        );
      }
      assertSafeBody(plain);
    }
    const { value, problems } = await validateDto(BatchUploadDto, plain);
    if (problems.length > 0) throw validationError(problems);
    const accepted: AcceptedUpload[] = [];
    const itemProblems: { index: number; field: string; expected: string }[] = [];
    for (const [index, item] of value.calls.entries()) {
      const own: FieldProblem[] = [];
      const result = await this.item(BatchItemDto, item, files, undefined, own);
      itemProblems.push(...own.map((p) => ({ index, ...p })));
      if (result) accepted.push(result);
    }
    if (itemProblems.length > 0) {
      const items = new Set(itemProblems.map((p) => p.index)).size;
      throw new AppError(
        ErrorCode.ValidationError,
        `${items} ${items === 1 ? 'call' : 'calls'} of the batch ${items === 1 ? 'is' : 'are'} invalid`,
        itemProblems,
      );
    }
    return accepted;
  }

  /** Validates one call; a batch item names its own file fields (recording_file, transcript_file). */
  private async item(
    cls: typeof UploadCallDto | typeof BatchItemDto,
    plain: unknown,
    files: MulterFile[],
    fixedFileFields: { recording: string; transcript: string } | undefined,
    problems: FieldProblem[],
  ): Promise<AcceptedUpload | undefined> {
    const { value, problems: own } = await validateDto<UploadCallDto>(cls, plain);
    const dto = value as BatchItemDto;
    problems.push(...own);
    const fileFields = fixedFileFields ?? {
      recording: dto.recording_file,
      transcript: dto.transcript_file,
    };
    const recordingFile = fileFields.recording
      ? files.find((f) => f.fieldname === fileFields.recording)
      : undefined;
    const transcriptFile = fileFields.transcript
      ? files.find((f) => f.fieldname === fileFields.transcript)
      : undefined;
    if (dto.recording_file && !recordingFile)
      problems.push({
        field: 'recording_file',
        expected: 'the name of a file field in this form',
      });
    if (dto.transcript_file && !transcriptFile)
      problems.push({
        field: 'transcript_file',
        expected: 'the name of a file field in this form',
      });

    const transcript = await this.transcript(
      dto.transcript,
      transcriptFile,
      'transcript',
      problems,
    );
    const recording = recordingFile ? await this.recording(recordingFile, 'recording') : null;
    const recordingUrl = dto.recording_url
      ? await this.recordingUrl(dto.recording_url, 'recording_url', problems)
      : null;
    const nothingGiven =
      dto.transcript === undefined && !transcriptFile && !recordingFile && !dto.recording_url;
    if (nothingGiven && own.length === 0) {
      problems.push({
        field: 'recording',
        expected: 'at least one of recording, recording_url or transcript',
      });
    }
    if (own.length > 0) return undefined;
    return { metadata: dto, transcript, recording, recordingUrl };
  }

  private async transcript(
    inline: string | Record<string, unknown> | undefined,
    file: MulterFile | undefined,
    field: string,
    problems: FieldProblem[],
  ): Promise<ParsedTranscript | null> {
    if (inline === undefined && !file) return null;
    if (
      inline !== undefined &&
      typeof inline !== 'string' &&
      (typeof inline !== 'object' || inline === null)
    ) {
      problems.push({ field, expected: 'a transcript as text or a JSON object' });
      return null;
    }
    try {
      const content = file ? await readFile(file.path, 'utf8') : inline!;
      return parseTranscript(content, {
        filename: file?.originalname,
        contentType: file?.mimetype,
      });
    } catch (err) {
      if (!(err instanceof TranscriptFormatError)) throw err;
      problems.push({ field, expected: err.expected });
      return null;
    }
  }

  /** A recording whose bytes are not audio we can process is refused outright (415). */
  private async recording(file: MulterFile, field: string): Promise<UploadedRecording> {
    const type = await fileTypeFromFile(file.path);
    if (!type || !AUDIO_TYPES.has(type.ext)) {
      throw new AppError(
        ErrorCode.UnsupportedMediaType,
        `The ${field} file is not a supported audio format`,
        {
          field,
          expected: 'wav, mp3, m4a/mp4, ogg, webm or flac audio',
          detected: type?.mime ?? null,
        },
      );
    }
    return {
      path: file.path,
      filename: file.originalname,
      contentType: type.mime,
      sizeBytes: file.size,
    };
  }

  private async recordingUrl(
    url: string,
    field: string,
    problems: FieldProblem[],
  ): Promise<string | null> {
    try {
      return (
        await assertPublicUrl(url, {
          allowPrivate: this.config.get('ALLOW_PRIVATE_URLS', { infer: true }),
        })
      ).toString();
    } catch (err) {
      if (!(err instanceof UnsafeUrlError)) throw err;
      problems.push({ field, expected: `an https URL of a public host (${err.message})` });
      return null;
    }
  }

  /** Form fields are strings: numbers and the JSON objects are decoded before validation. */
  private fromFormFields(fields: Record<string, string>): Record<string, unknown> {
    const plain: Record<string, unknown> = { ...fields };
    for (const name of NUMBER_FIELDS)
      if (fields[name] !== undefined && fields[name] !== '') plain[name] = Number(fields[name]);
    for (const name of JSON_FIELDS) {
      if (fields[name] === undefined) continue;
      try {
        plain[name] = JSON.parse(fields[name]);
      } catch {
        throw AppError.validation(name, 'a JSON object', `The ${name} field is not valid JSON`);
      }
    }
    return plain;
  }
}
