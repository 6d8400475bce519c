import type { TranscriptSegment } from '../transcripts/transcript.types.js';
import type { Monologue } from './analysis.types.js';
import { round2 } from './numbers.js';

/** A silence longer than this ends a monologue even if the same person speaks next. */
export const MONOLOGUE_MAX_PAUSE_SECONDS = 5;

/** Seconds in which the speaker is heard: their segments' union, so overlaps count once. */
export function talkSeconds(segments: readonly TranscriptSegment[]): number {
  const sorted = [...segments].sort((a, b) => a.start - b.start);
  let total = 0;
  let runStart = -1;
  let runEnd = -1;
  for (const { start, end } of sorted) {
    if (start > runEnd) {
      total += runEnd - runStart;
      runStart = start;
      runEnd = end;
    } else {
      runEnd = Math.max(runEnd, end);
    }
  }
  return total + runEnd - runStart;
}

/**
 * Monologues: runs of consecutive segments (in start order) by one speaker that no other speaker's
 * segment interrupts and no silence over MONOLOGUE_MAX_PAUSE_SECONDS breaks; a monologue lasts
 * from its first start to its last end.
 */
export function monologues(segments: readonly TranscriptSegment[]): Monologue[] {
  const runs: Monologue[] = [];
  for (const segment of segments) {
    const run = runs.at(-1);
    if (
      run &&
      run.speaker === segment.speaker &&
      segment.start - run.end <= MONOLOGUE_MAX_PAUSE_SECONDS
    ) {
      run.end = Math.max(run.end, segment.end);
    } else {
      runs.push({ speaker: segment.speaker, seconds: 0, start: segment.start, end: segment.end });
    }
  }
  return runs.map((run) => ({ ...run, seconds: run.end - run.start }));
}

/** The longest of the monologues (the earliest on a tie), rounded; null when there are none. */
export function longest(runs: readonly Monologue[]): Monologue | null {
  const best = runs.reduce<Monologue | null>(
    (found, run) => (found === null || run.seconds > found.seconds ? run : found),
    null,
  );
  return (
    best && {
      speaker: best.speaker,
      seconds: round2(best.seconds),
      start: round2(best.start),
      end: round2(best.end),
    }
  );
}

/** How many times the speaker changes from one segment to the next. */
export function speakerSwitches(segments: readonly TranscriptSegment[]): number {
  return segments.filter((segment, i) => i > 0 && segment.speaker !== segments[i - 1].speaker)
    .length;
}

/**
 * Mean pause in seconds between a customer segment's end and the start of the agent segment that
 * directly follows it (overlaps count as 0); null when an agent never answers a customer.
 */
export function patience(
  segments: readonly TranscriptSegment[],
  isAgent: (speaker: string) => boolean,
): number | null {
  const pauses: number[] = [];
  for (let i = 1; i < segments.length; i++) {
    const [previous, current] = [segments[i - 1], segments[i]];
    if (isAgent(current.speaker) && !isAgent(previous.speaker)) {
      pauses.push(Math.max(0, current.start - previous.end));
    }
  }
  if (pauses.length === 0) return null;
  return round2(pauses.reduce((sum, pause) => sum + pause, 0) / pauses.length);
}
