import { roleFromLabel, UNLABELLED_SPEAKER } from './formats/speaker-label.js';
import { TranscriptFormatError } from './transcript-format.error.js';
import type { TranscriptSegment } from './transcript.types.js';

export const MAX_TRANSCRIPT_SEGMENTS = 20_000;
export const MAX_TRANSCRIPT_TEXT_BYTES = 5 * 1024 * 1024;
const LIMITS = `a transcript of at most ${MAX_TRANSCRIPT_SEGMENTS} segments and 5 MiB of text`;

function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// Sources give floats such as 1.2399999; millisecond precision is all any of them measures.
function toMilliseconds(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

/**
 * Cleans what a format parser read: collapses whitespace, drops empty utterances, fills the role
 * from role-like speaker labels, sorts by start (then end; ties keep source order), enforces the limits.
 */
export function normalizeSegments(
  segments: readonly TranscriptSegment[],
  expected: string,
): TranscriptSegment[] {
  const normalized: TranscriptSegment[] = [];
  let textBytes = 0;
  for (const segment of segments) {
    const text = collapseWhitespace(segment.text);
    if (text === '') continue;
    const speaker = collapseWhitespace(segment.speaker) || UNLABELLED_SPEAKER;
    textBytes += Buffer.byteLength(text, 'utf8');
    normalized.push({
      speaker,
      role: segment.role ?? roleFromLabel(speaker),
      start: toMilliseconds(segment.start),
      end: toMilliseconds(segment.end),
      text,
    });
  }
  if (normalized.length === 0) {
    throw new TranscriptFormatError('The transcript contains no speech', expected);
  }
  if (normalized.length > MAX_TRANSCRIPT_SEGMENTS) {
    throw new TranscriptFormatError(
      `The transcript has ${normalized.length} segments, more than ${MAX_TRANSCRIPT_SEGMENTS}`,
      LIMITS,
    );
  }
  if (textBytes > MAX_TRANSCRIPT_TEXT_BYTES) {
    throw new TranscriptFormatError('The transcript has more than 5 MiB of text', LIMITS);
  }
  return normalized.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * Sources name languages differently ("en", "en_us", "english"); BCP 47 tags are canonicalised
 * ("en_us" becomes "en-US") and anything else is kept as given.
 */
export function languageTag(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const candidate = value.trim().replace(/_/g, '-');
  try {
    return Intl.getCanonicalLocales(candidate)[0];
  } catch {
    return value.trim();
  }
}
