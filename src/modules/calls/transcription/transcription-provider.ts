import type { ParsedTranscript } from '../../conversation/index.js';

export interface TranscriptionOptions {
  /** ISO 639-1 code when the caller knows the language; otherwise the provider detects it. */
  language?: string;
  /** The name the provider sees; its extension is how OpenAI-style APIs tell the format. */
  filename: string;
  contentType: string;
}

/** Speech-to-text behind one port, so the pipeline does not care which service does the work. */
export interface TranscriptionProvider {
  transcribe(filePath: string, options: TranscriptionOptions): Promise<ParsedTranscript>;
}

/** A provider failure. `transient` ones (rate limit, 5xx, network, time-out) are worth retrying. */
export class TranscriptionError extends Error {
  override readonly name = 'TranscriptionError';
  readonly transient: boolean;
  /** Null when no HTTP answer came. */
  readonly status: number | null;
  readonly retryAfterMs: number | null;

  constructor(
    message: string,
    details: { transient: boolean; status?: number | null; retryAfterMs?: number | null },
  ) {
    super(message);
    this.transient = details.transient;
    this.status = details.status ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }
}
