import type { TranscriptFormat, TranscriptSegment } from '../transcript.types.js';

/** What a format parser reads, before normalisation. */
export interface SourceTranscript {
  segments: TranscriptSegment[];
  language: string | null;
}

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One of the JSON shapes the parser recognises. */
export interface JsonTranscriptFormat {
  format: TranscriptFormat;
  /** The shape this format needs, for error details. */
  expected: string;
  /** Whether the document has this format's distinctive structure (not whether it is valid). */
  matches(document: JsonObject): boolean;
  parse(document: JsonObject): SourceTranscript;
}
