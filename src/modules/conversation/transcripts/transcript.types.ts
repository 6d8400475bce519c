/** Which side of the call a speaker is on. */
export type SpeakerRole = 'agent' | 'customer';

/** One normalised utterance; times are seconds from the start of the call. */
export interface TranscriptSegment {
  speaker: string;
  role: SpeakerRole | null;
  start: number;
  end: number;
  text: string;
}

/** The transcript formats the upload endpoints recognise. */
export type TranscriptFormat =
  | 'aila_json'
  | 'deepgram'
  | 'assemblyai'
  | 'whisper_verbose_json'
  | 'webvtt'
  | 'srt'
  | 'plain_text';

export interface ParsedTranscript {
  format: TranscriptFormat;
  language: string | null;
  segments: TranscriptSegment[];
}
