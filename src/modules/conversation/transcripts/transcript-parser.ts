import { ailaJsonFormat } from './formats/aila-json.format.js';
import { assemblyAiFormat } from './formats/assemblyai.format.js';
import { deepgramFormat } from './formats/deepgram.format.js';
import { parsePlainText, PLAIN_TEXT_EXPECTED } from './formats/plain-text.format.js';
import { isJsonObject, type JsonTranscriptFormat } from './formats/source-transcript.js';
import {
  hasCueTimings,
  hasWebVttHeader,
  parseSubtitles,
  SUBTITLE_EXPECTED,
  type SubtitleFormat,
} from './formats/subtitle.format.js';
import { whisperFormat } from './formats/whisper.format.js';
import { TranscriptFormatError } from './transcript-format.error.js';
import { normalizeSegments } from './transcript-normalizer.js';
import type { ParsedTranscript } from './transcript.types.js';

export { ACCEPTED_TRANSCRIPT_FORMATS, TranscriptFormatError } from './transcript-format.error.js';
export { MAX_TRANSCRIPT_SEGMENTS, MAX_TRANSCRIPT_TEXT_BYTES } from './transcript-normalizer.js';

/** What the upload said about the transcript; the content decides, the hint only breaks ties. */
export interface TranscriptHint {
  filename?: string;
  contentType?: string;
}

// Our own format goes before Whisper's: both have `segments`, only ours gives speakers.
const JSON_FORMATS: readonly JsonTranscriptFormat[] = [
  ailaJsonFormat,
  deepgramFormat,
  assemblyAiFormat,
  whisperFormat,
];

// Control characters other than tab, line feed, form feed and carriage return, and U+FFFD (what a
// decoder leaves of bytes that were not UTF-8), do not occur in transcripts but do in binary files.
const NOT_TEXT = /(?![\t\n\f\r])[\p{Cc}\uFFFD]/u;

function parseJsonDocument(document: unknown): ParsedTranscript {
  const format = isJsonObject(document)
    ? JSON_FORMATS.find((candidate) => candidate.matches(document))
    : undefined;
  if (!isJsonObject(document) || !format) {
    throw new TranscriptFormatError('The JSON transcript is not in a recognised shape');
  }
  const source = format.parse(document);
  return {
    format: format.format,
    language: source.language,
    segments: normalizeSegments(source.segments, format.expected),
  };
}

function hintedSubtitleFormat(hint: TranscriptHint): SubtitleFormat {
  const said = `${hint.filename ?? ''} ${hint.contentType ?? ''}`.toLowerCase();
  return /\.vtt\b|text\/vtt/.test(said) ? 'webvtt' : 'srt';
}

function parseText(input: string, hint: TranscriptHint): ParsedTranscript {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.trim() === '') throw new TranscriptFormatError('The transcript is empty');
  if (NOT_TEXT.test(text)) throw new TranscriptFormatError('The transcript is not readable text');

  const opening = text.trimStart()[0];
  if (opening === '{' || opening === '[') {
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      // A plain-text line may start with "[00:01]"; only a brace commits to JSON.
      if (opening === '{') {
        throw new TranscriptFormatError(
          `The transcript is not valid JSON: ${(error as Error).message}`,
        );
      }
    }
    if (document !== undefined) return parseJsonDocument(document);
  }

  if (hasWebVttHeader(text) || hasCueTimings(text)) {
    // Header-less cue files are SRT unless the upload called them WebVTT.
    const format = hasWebVttHeader(text) ? 'webvtt' : hintedSubtitleFormat(hint);
    const source = parseSubtitles(text, format);
    return {
      format,
      language: source.language,
      segments: normalizeSegments(source.segments, SUBTITLE_EXPECTED[format]),
    };
  }

  const source = parsePlainText(text);
  return {
    format: 'plain_text',
    language: null,
    segments: normalizeSegments(source.segments, PLAIN_TEXT_EXPECTED),
  };
}

/**
 * Detects the transcript's format and normalises it: segments in seconds, sorted by start,
 * whitespace collapsed, empty utterances dropped, role as the source gives it (a role field or a
 * role-like label such as "Agent") else null. A string holding JSON is parsed as JSON; bytes are
 * decoded as UTF-8. Throws TranscriptFormatError for anything unreadable or over the limits.
 */
export function parseTranscript(
  input: string | object,
  hint: TranscriptHint = {},
): ParsedTranscript {
  if (typeof input === 'string') return parseText(input, hint);
  if (input instanceof Uint8Array) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      throw new TranscriptFormatError('The transcript is not UTF-8 text');
    }
    return parseText(text, hint);
  }
  return parseJsonDocument(input);
}
