/**
 * Transcripts and conversation analysis: the parsers that read every supported transcript
 * format into one shape, and the analysis computed from it. Several features build on these
 * (calls, quality, extraction, tasks), so they live here rather than inside one of them;
 * this file is what they may import.
 */
export type { CallAnalysis, SpeakerStats } from './analysis/analysis.types.js';
export { analyzeCall, type AnalyzeCallOptions } from './analysis/call-analyzer.js';
export { sentencesOf } from './analysis/text-features.js';
export { TranscriptFormatError } from './transcripts/transcript-format.error.js';
export { parseTranscript } from './transcripts/transcript-parser.js';
export type {
  ParsedTranscript,
  SpeakerRole,
  TranscriptSegment,
} from './transcripts/transcript.types.js';
