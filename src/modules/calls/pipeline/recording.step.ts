import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { parseFile } from 'music-metadata';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UnsafeUrlError } from '../../../common/net/address-guard.js';
import {
  DownloadHttpError,
  DownloadTooLargeError,
  safeDownload,
} from '../../../common/net/safe-http-client.js';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import type { CallRecord, RecordingInfo } from '../call.types.js';
import { CallRepository } from '../call.repository.js';
import { RecordingStorage, recordingKey } from '../storage/recording-storage.js';
import {
  CallPipelineStep,
  PermanentStepError,
  PipelineStep,
  type StepOutcome,
} from './call-pipeline-step.js';

const DOWNLOAD_TIMEOUT_MS = 10 * 60 * 1000;

/** Step 1: fetch a recording_url into storage, then read duration, codec, channels and sample rate. */
@Injectable()
@CallPipelineStep(10)
export class RecordingStep implements PipelineStep {
  readonly name = 'recording';

  constructor(
    private readonly calls: CallRepository,
    private readonly storage: RecordingStorage,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  async run(call: CallRecord): Promise<StepOutcome | void> {
    if (!call.recording) return;
    let recording = call.recording;
    if (!recording.storage_key && recording.source_url)
      recording = await this.download(call, recording);
    if (recording.storage_key && recording.duration_seconds === null)
      recording = await this.probe(recording);
    if (recording === call.recording) return;
    const changes = {
      recording,
      durationSeconds: call.durationSeconds ?? recording.duration_seconds,
    };
    await this.calls.update(call.organizationId, call.id, changes);
    return { stored: changes };
  }

  private async download(call: CallRecord, recording: RecordingInfo): Promise<RecordingInfo> {
    const tmpDir = resolve(this.config.get('DATA_DIR', { infer: true }), 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, `${call.id}.download`);
    try {
      const result = await safeDownload(recording.source_url!, tmp, {
        maxBytes: this.config.get('MAX_RECORDING_BYTES', { infer: true }),
        timeoutMs: DOWNLOAD_TIMEOUT_MS,
        allowPrivate: this.config.get('ALLOW_PRIVATE_URLS', { infer: true }),
      });
      const key = recordingKey(call.organizationId, call.id);
      await this.storage.put(key, tmp, result.contentType);
      return {
        ...recording,
        storage_key: key,
        content_type: result.contentType,
        size_bytes: result.bytes,
        filename: new URL(result.finalUrl).pathname.split('/').pop() || null,
      };
    } catch (err) {
      await rm(tmp, { force: true });
      if (err instanceof DownloadTooLargeError || err instanceof UnsafeUrlError)
        throw new PermanentStepError(`recording_url: ${err.message}`);
      if (err instanceof DownloadHttpError && !err.transient)
        throw new PermanentStepError(`recording_url answered ${err.status}`);
      throw err;
    }
  }

  private async probe(recording: RecordingInfo): Promise<RecordingInfo> {
    try {
      const { format } = await this.storage.withLocalFile(recording.storage_key!, (path) =>
        parseFile(path, { duration: true }),
      );
      return {
        ...recording,
        duration_seconds:
          format.duration !== undefined ? Math.round(format.duration * 100) / 100 : null,
        codec: format.codec ?? format.container ?? null,
        channels: format.numberOfChannels ?? null,
        sample_rate: format.sampleRate ?? null,
      };
    } catch (err) {
      throw new PermanentStepError(
        `The recording could not be read as audio: ${(err as Error).message}`,
      );
    }
  }
}
