/** What the upload endpoints accept, for error details when the format cannot be told at all. */
export const ACCEPTED_TRANSCRIPT_FORMATS =
  'WebVTT (Zoom "Name: text" cues or Teams <v Name> voice tags), SRT, plain text with one ' +
  '"Speaker: text" line per utterance, or JSON: {"segments":[{"speaker","role"?,"start","end","text"}]} ' +
  'with times in seconds, or the native output of Deepgram, AssemblyAI or OpenAI Whisper (verbose_json)';

/**
 * The transcript cannot be read. `expected` describes what would have been accepted: the shape of
 * the recognised format when the input was recognised but is malformed, else every accepted format.
 * The HTTP layer answers it with 400 VALIDATION_ERROR, details `{ field: 'transcript', expected }`.
 */
export class TranscriptFormatError extends Error {
  constructor(
    message: string,
    readonly expected: string = ACCEPTED_TRANSCRIPT_FORMATS,
  ) {
    super(message);
    this.name = 'TranscriptFormatError';
  }
}
