import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import { OpenAiTranscriptionClient } from './openai-transcription.client.js';
import type { TranscriptionProvider } from './transcription-provider.js';

/** The configured transcription provider, or none (calls then complete with what their transcript allows). */
@Injectable()
export class TranscriptionService {
  readonly provider: TranscriptionProvider | null;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    const baseUrl = config.get('TRANSCRIPTION_BASE_URL', { infer: true });
    this.provider = baseUrl
      ? new OpenAiTranscriptionClient({
          baseUrl,
          apiKey: config.get('TRANSCRIPTION_API_KEY', { infer: true }),
          model: config.get('TRANSCRIPTION_MODEL', { infer: true }),
        })
      : null;
  }
}
