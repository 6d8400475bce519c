import { languageTag } from '../transcript-normalizer.js';
import type { TranscriptSegment } from '../transcript.types.js';
import { JsonFields } from './json-fields.js';
import type { JsonObject, JsonTranscriptFormat } from './source-transcript.js';
import { UNLABELLED_SPEAKER } from './speaker-label.js';
import { groupWordsIntoTurns } from './word-turns.js';

const EXPECTED =
  'AssemblyAI JSON: {"utterances":[{"speaker":"A","start":milliseconds,"end":milliseconds,"text":string}]} ' +
  '(or "utterances":null with "words":[{"speaker","start","end","text"}])';
const fields = new JsonFields(EXPECTED);
const MILLISECONDS = 1000;

/** AssemblyAI labels speakers "A", "B", …; speaker identification replaces them with names, kept as given. */
function speakerName(item: JsonObject, path: string): string {
  if (item.speaker === undefined || item.speaker === null) return UNLABELLED_SPEAKER;
  const speaker = fields.text(item.speaker, `${path}.speaker`).trim();
  return /^[A-Z]$/.test(speaker) ? `Speaker ${speaker}` : speaker;
}

function readSegments(items: unknown[], collection: string): TranscriptSegment[] {
  return items.map((value, i) => {
    const path = `${collection}[${i}]`;
    const item = fields.object(value, path);
    return {
      speaker: speakerName(item, path),
      role: null,
      ...fields.span(item, path, MILLISECONDS),
      text: fields.text(item.text, `${path}.text`),
    };
  });
}

/** AssemblyAI's transcript object: utterances when speaker_labels was on, else its words. */
export const assemblyAiFormat: JsonTranscriptFormat = {
  format: 'assemblyai',
  expected: EXPECTED,
  matches: (document) =>
    Array.isArray(document.utterances) ||
    (document.utterances === null && Array.isArray(document.words)),
  parse(document) {
    const utterances =
      document.utterances === null ? [] : fields.array(document.utterances, 'utterances');
    const segments =
      utterances.length > 0
        ? readSegments(utterances, 'utterances')
        : groupWordsIntoTurns(readSegments(fields.array(document.words ?? [], 'words'), 'words'));
    return { segments, language: languageTag(document.language_code) };
  },
};
