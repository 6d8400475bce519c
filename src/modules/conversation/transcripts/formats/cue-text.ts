import { splitSpeakerLabel } from './speaker-label.js';

/** A stretch of a cue's text spoken by one person. */
export interface CueSpan {
  speaker: string;
  text: string;
}

const VOICE_TAG = /<v(?:\.[^\s>]*)?(?:[ \t]+([^>]*))?>|<\/v>/g;
const ANY_TAG = /<[^>\n]*>/g;
const CHARACTER_REFERENCE = /&(?:#(\d+)|#x([0-9a-f]+)|([a-z]+));/gi;
const NAMED_CHARACTERS: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  lrm: '',
  rlm: '',
};

function decodeCharacters(text: string): string {
  return text.replace(CHARACTER_REFERENCE, (reference, decimal, hex, name: string | undefined) => {
    if (name !== undefined) return NAMED_CHARACTERS[name.toLowerCase()] ?? reference;
    const codePoint = decimal !== undefined ? Number(decimal) : parseInt(hex as string, 16);
    return codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : reference;
  });
}

function plainText(markup: string): string {
  return decodeCharacters(markup.replace(ANY_TAG, ''));
}

/** Unvoiced text: a line may start with a "Name:" label (Zoom, SRT); other lines continue the speaker. */
function labelledSpans(markup: string, speaker: string): CueSpan[] {
  return markup.split('\n').map((line) => {
    const text = plainText(line);
    const labelled = splitSpeakerLabel(text);
    if (labelled) speaker = labelled.speaker;
    return { speaker, text: labelled ? labelled.text : text };
  });
}

/**
 * Splits a cue's text by who speaks: WebVTT voice spans (`<v Jane Doe>…</v>`, as Teams writes
 * them; the closing tag is optional) and "Name: text" lines (Zoom, SRT). Text that names nobody
 * belongs to the speaker before it, `previousSpeaker` at the start of the cue: captions name a
 * speaker when the speaker changes. Other markup (<i>, <c.x>, timestamps) is removed and character
 * references decoded. Spans with no text are dropped; adjacent spans of one speaker are joined.
 */
export function splitCueText(cueText: string, previousSpeaker: string): CueSpan[] {
  const spans: CueSpan[] = [];
  let speaker = previousSpeaker;
  let voiced = false;
  let position = 0;
  const takeUntil = (end: number) => {
    const markup = cueText.slice(position, end);
    if (voiced) spans.push({ speaker, text: plainText(markup) });
    else spans.push(...labelledSpans(markup, speaker));
    speaker = spans.at(-1)?.speaker ?? speaker;
  };
  for (const tag of cueText.matchAll(VOICE_TAG)) {
    takeUntil(tag.index);
    position = tag.index + tag[0].length;
    const voice = tag[0] === '</v>' ? '' : decodeCharacters(tag[1] ?? '').trim();
    voiced = voice !== '';
    if (voiced) speaker = voice;
  }
  takeUntil(cueText.length);

  const merged: CueSpan[] = [];
  for (const span of spans) {
    const text = span.text.replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const last = merged.at(-1);
    if (last && last.speaker === span.speaker) last.text = `${last.text} ${text}`;
    else merged.push({ speaker: span.speaker, text });
  }
  return merged;
}
