import { parse as parseCues } from '@plussub/srt-vtt-parser';
import { TranscriptFormatError } from '../transcript-format.error.js';
import { languageTag } from '../transcript-normalizer.js';
import type { TranscriptSegment } from '../transcript.types.js';
import { countWords } from '../word-count.js';
import { splitCueText } from './cue-text.js';
import type { SourceTranscript } from './source-transcript.js';
import { UNLABELLED_SPEAKER } from './speaker-label.js';

export type SubtitleFormat = 'webvtt' | 'srt';
type Entry = ReturnType<typeof parseCues>['entries'][number];

export const SUBTITLE_EXPECTED: Record<SubtitleFormat, string> = {
  webvtt:
    'WebVTT: a "WEBVTT" header, then cues "00:00:01.000 --> 00:00:04.000" whose text is "Name: text" (Zoom) or "<v Name>text</v>" (Teams)',
  srt: 'SRT: numbered cues "00:00:01,000 --> 00:00:04,000" whose text is "Name: text"',
};

const TIMING_LINE = /^[ \t]*(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}[ \t]+-->/m;

/** Whether the text (newlines normalised to \n) starts with the WebVTT signature. */
export function hasWebVttHeader(text: string): boolean {
  return /^WEBVTT(?:[ \t]|\n|$)/.test(text);
}

/** Whether the text has at least one cue timing line, as both WebVTT and SRT have. */
export function hasCueTimings(text: string): boolean {
  return TIMING_LINE.test(text);
}

// The library reads cue settings ("align:start") and SRT coordinates as part of the end time, and
// its SRT grammar drops the fraction of "00:00:01.500" (SRT has a comma), which loose SRT writers
// and header-less WebVTT both use; timing lines are handed over as bare "start --> end".
function bareTimingLines(text: string, format: SubtitleFormat): string {
  return text.replace(
    /^[ \t]*(\S+)[ \t]+-->[ \t]+(\S+).*$/gm,
    (_line, start: string, end: string) =>
      format === 'srt' ? `${start} --> ${end}`.replace(/\./g, ',') : `${start} --> ${end}`,
  );
}

function readEntries(text: string, format: SubtitleFormat): Entry[] {
  // The library picks its WebVTT or SRT grammar by the header.
  const cues = bareTimingLines(text, format);
  const source = format === 'webvtt' && !hasWebVttHeader(cues) ? `WEBVTT\n\n${cues}` : cues;
  let entries: Entry[];
  try {
    entries = parseCues(source).entries;
  } catch {
    entries = [];
  }
  const broken = entries.findIndex((e) => !Number.isFinite(e.from) || !Number.isFinite(e.to));
  if (entries.length === 0 || broken !== -1) {
    const where = broken === -1 ? '' : ` (cue ${broken + 1} has an unreadable timing)`;
    throw new TranscriptFormatError(
      `The ${format === 'webvtt' ? 'WebVTT' : 'SRT'} cues could not be read${where}`,
      SUBTITLE_EXPECTED[format],
    );
  }
  return entries;
}

function headerLanguage(text: string): string | null {
  const header = text.split('\n\n', 1)[0];
  return languageTag(/^Language:[ \t]*(\S+)/im.exec(header)?.[1]);
}

/**
 * Reads WebVTT or SRT captions. A cue in which several people speak is split, its time shared
 * out in proportion to each one's words.
 */
export function parseSubtitles(text: string, format: SubtitleFormat): SourceTranscript {
  const segments: TranscriptSegment[] = [];
  let speaker = UNLABELLED_SPEAKER;
  readEntries(text, format).forEach((entry, index) => {
    const start = entry.from / 1000;
    const end = entry.to / 1000;
    if (end < start) {
      throw new TranscriptFormatError(
        `Cue ${index + 1} ends before it starts`,
        SUBTITLE_EXPECTED[format],
      );
    }
    const spans = splitCueText(entry.text, speaker);
    const weights = spans.map((span) => Math.max(countWords(span.text), 1));
    const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
    let spanStart = start;
    spans.forEach((span, i) => {
      const spanEnd =
        i === spans.length - 1 ? end : spanStart + ((end - start) * weights[i]) / totalWeight;
      segments.push({
        speaker: span.speaker,
        role: null,
        start: spanStart,
        end: spanEnd,
        text: span.text,
      });
      spanStart = spanEnd;
      speaker = span.speaker;
    });
  });
  return { segments, language: format === 'webvtt' ? headerLanguage(text) : null };
}
