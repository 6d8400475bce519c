import { Injectable } from '@nestjs/common';
import { CallRepository } from '../call.repository.js';
import type { CallRecord } from '../call.types.js';
import { RecordingStorage } from '../storage/recording-storage.js';
import { TranscriptionError } from '../transcription/transcription-provider.js';
import { TranscriptionService } from '../transcription/transcription.service.js';
import {
  CallPipelineStep,
  PermanentStepError,
  PipelineStep,
  type StepOutcome,
} from './call-pipeline-step.js';

/** Step 2: the uploaded transcript, or one from the configured transcription provider. */
@Injectable()
@CallPipelineStep(20)
export class TranscriptStep implements PipelineStep {
  readonly name = 'transcript';

  constructor(
    private readonly calls: CallRepository,
    private readonly storage: RecordingStorage,
    private readonly transcription: TranscriptionService,
  ) {}

  async run(call: CallRecord): Promise<StepOutcome | void> {
    const provider = this.transcription.provider;
    const key = call.recording?.storage_key;
    if (call.transcript || !provider || !key) return;
    try {
      const transcript = await this.storage.withLocalFile(key, (path) =>
        provider.transcribe(path, {
          language: call.language ?? undefined,
          filename: call.recording?.filename ?? `${call.id}.audio`,
          contentType: call.recording?.content_type ?? 'application/octet-stream',
        }),
      );
      const changes = { transcript, language: call.language ?? transcript.language };
      await this.calls.update(call.organizationId, call.id, changes);
      return { stored: changes };
    } catch (err) {
      if (err instanceof TranscriptionError && !err.transient)
        throw new PermanentStepError(`Transcription failed: ${err.message}`);
      throw err;
    }
  }
}
