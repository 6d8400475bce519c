import { openAsBlob } from 'node:fs';
import { parseRetryAfter } from '../../../common/net/retry-after.js';
import type { ParsedTranscript, TranscriptSegment } from '../../conversation/index.js';
import {
  TranscriptionError,
  type TranscriptionOptions,
  type TranscriptionProvider,
} from './transcription-provider.js';

export interface OpenAiTranscriptionConfig {
  /** `TRANSCRIPTION_BASE_URL`, including the version, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /** `TRANSCRIPTION_API_KEY`; empty for self-hosted servers that take no key. */
  apiKey: string;
  /** `TRANSCRIPTION_MODEL`, e.g. `whisper-1`. */
  model: string;
  /** Long recordings take minutes to transcribe; the default is 10 minutes. */
  timeoutMs?: number;
}

interface VerboseJsonSegment {
  start: number;
  end: number;
  text: string;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
/** Whisper does not tell speakers apart, so the whole transcript belongs to one. */
const SINGLE_SPEAKER = 'Speaker 1';

/**
 * The OpenAI-compatible `POST {baseUrl}/audio/transcriptions` API, spoken by OpenAI, Groq and
 * self-hosted Whisper servers (faster-whisper-server, whisper.cpp server, LocalAI). The recording is
 * streamed from disk as a file-backed Blob, never read into memory whole.
 */
export class OpenAiTranscriptionClient implements TranscriptionProvider {
  private readonly endpoint: string;

  constructor(private readonly config: OpenAiTranscriptionConfig) {
    this.endpoint = `${config.baseUrl.replace(/\/+$/, '')}/audio/transcriptions`;
  }

  async transcribe(filePath: string, options: TranscriptionOptions): Promise<ParsedTranscript> {
    const form = new FormData();
    form.append(
      'file',
      await openAsBlob(filePath, { type: options.contentType }),
      options.filename,
    );
    form.append('model', this.config.model);
    form.append('response_format', 'verbose_json');
    form.append('timestamp_granularities[]', 'segment');
    const language = isoLanguage(options.language);
    if (language !== null) {
      form.append('language', language);
    }

    let status: number | null = null;
    try {
      const response = await fetch(this.endpoint, {
        method: 'POST',
        headers: this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {},
        body: form,
        signal: AbortSignal.timeout(this.config.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      });
      status = response.status;
      const text = await response.text();
      if (!response.ok) {
        throw failureFrom(response, text);
      }
      return toTranscript(parseJson(text), language);
    } catch (error) {
      if (error instanceof TranscriptionError) {
        throw error;
      }
      throw new TranscriptionError(
        `transcription service unreachable: ${describeFetchError(error)}`,
        {
          transient: true,
          status,
        },
      );
    }
  }
}

function failureFrom(response: Response, text: string): TranscriptionError {
  const body = parseJson(text);
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const message = typeof error.message === 'string' ? error.message : text.slice(0, 200);
  const status = response.status;
  // A 429 for an exhausted quota will not clear up by waiting a few minutes.
  const transient =
    (status === 408 || status === 429 || status >= 500) && error.code !== 'insufficient_quota';
  return new TranscriptionError(`transcription failed with HTTP ${status}: ${message}`, {
    transient,
    status,
    retryAfterMs: transient
      ? parseRetryAfter(response.headers.get('retry-after') ?? undefined)
      : null,
  });
}

function toTranscript(body: unknown, requestedLanguage: string | null): ParsedTranscript {
  if (!isRecord(body)) {
    throw unexpected('the answer is not a JSON object');
  }
  const language =
    requestedLanguage ?? (typeof body.language === 'string' ? languageCode(body.language) : null);
  let segments: TranscriptSegment[];
  if (Array.isArray(body.segments)) {
    segments = body.segments.map((segment: unknown) => {
      if (!isSegment(segment)) {
        throw unexpected('a segment lacks numeric start/end or text');
      }
      return {
        speaker: SINGLE_SPEAKER,
        role: null,
        start: segment.start,
        end: segment.end,
        text: segment.text.trim(),
      };
    });
  } else if (typeof body.text === 'string') {
    // Some self-hosted servers ignore response_format and send only the text.
    const end = typeof body.duration === 'number' ? body.duration : 0;
    segments = [{ speaker: SINGLE_SPEAKER, role: null, start: 0, end, text: body.text.trim() }];
  } else {
    throw unexpected('the answer has neither segments nor text');
  }
  return {
    format: 'whisper_verbose_json',
    language,
    segments: segments.filter((segment) => segment.text !== ''),
  };
}

/** The API takes ISO 639-1 only, while calls may carry a full tag such as `en-US`. */
function isoLanguage(tag: string | undefined): string | null {
  if (!tag) {
    return null;
  }
  try {
    return new Intl.Locale(tag).language;
  } catch {
    return null;
  }
}

let languageCodesByName: Map<string, string> | undefined;

/**
 * OpenAI answers `"language": "english"`; compatible servers often answer `"en"`. Both become an
 * ISO 639 code, with the names taken from ICU rather than a hand-kept table. Unknown names give null.
 */
function languageCode(value: string): string | null {
  const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });
  const lower = value.trim().toLowerCase();
  if (/^[a-z]{2,3}$/.test(lower) && names.of(lower) !== undefined) {
    return lower;
  }
  if (languageCodesByName === undefined) {
    languageCodesByName = new Map();
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    for (const first of letters) {
      for (const second of letters) {
        const code = first + second;
        const name = names.of(code);
        if (name !== undefined) {
          languageCodesByName.set(name.toLowerCase(), code);
        }
      }
    }
  }
  return languageCodesByName.get(lower) ?? null;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSegment(value: unknown): value is VerboseJsonSegment {
  return (
    isRecord(value) &&
    typeof value.start === 'number' &&
    typeof value.end === 'number' &&
    typeof value.text === 'string'
  );
}

function unexpected(reason: string): TranscriptionError {
  return new TranscriptionError(`unexpected transcription answer: ${reason}`, { transient: false });
}

/** Duck-typed: fetch's errors come from undici and need not share this realm's `Error`. */
function describeFetchError(error: unknown): string {
  if (!isRecord(error)) {
    return String(error);
  }
  if (error.name === 'TimeoutError') {
    return 'timed out';
  }
  // fetch reports network failures as "fetch failed" with the real reason in `cause`.
  const cause = isRecord(error.cause) ? error.cause : null;
  const detail = cause && (typeof cause.code === 'string' ? cause.code : cause.message);
  return detail ? `${String(error.message)} (${String(detail)})` : String(error.message);
}
