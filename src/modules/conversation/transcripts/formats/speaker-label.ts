import type { SpeakerRole } from '../transcript.types.js';

/** The speaker given to text whose source names nobody (Whisper, unlabelled captions). */
export const UNLABELLED_SPEAKER = 'Speaker 1';

// A label is a short name before a colon and a space: it starts with a letter and holds no
// sentence punctuation, so "Well, at 6:30 we close" or "See https://x.y" are not taken for speakers.
const LABELLED_LINE = /^(?:[-–—]\s*)?(\p{L}[\p{L}\p{M}\p{N} .'’&()_-]{0,59})\s*:(?:\s+(.*))?$/u;
const MAX_LABEL_WORDS = 6;

const AGENT_LABEL = /^(?:agent|rep|representative|sales ?rep|salesperson|loan officer)(?: ?\d+)?$/i;
const CUSTOMER_LABEL = /^(?:customer|client|caller|prospect|borrower)(?: ?\d+)?$/i;

export interface LabelledLine {
  speaker: string;
  text: string;
}

/** Splits "Jane Doe: Hello" into speaker and text; null when the line carries no speaker label. */
export function splitSpeakerLabel(line: string): LabelledLine | null {
  const match = LABELLED_LINE.exec(line.trim());
  if (!match) return null;
  const speaker = match[1].trim();
  if (speaker.split(/\s+/).length > MAX_LABEL_WORDS) return null;
  return { speaker, text: match[2] ?? '' };
}

/**
 * A speaker labelled by their part ("Agent", "Customer 2") tells the role as surely as a role
 * field does; a personal name tells nothing, and the analysis then decides.
 */
export function roleFromLabel(speaker: string): SpeakerRole | null {
  if (AGENT_LABEL.test(speaker)) return 'agent';
  if (CUSTOMER_LABEL.test(speaker)) return 'customer';
  return null;
}
