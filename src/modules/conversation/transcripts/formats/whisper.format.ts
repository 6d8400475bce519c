import { languageTag } from '../transcript-normalizer.js';
import { JsonFields } from './json-fields.js';
import type { JsonTranscriptFormat } from './source-transcript.js';
import { UNLABELLED_SPEAKER } from './speaker-label.js';

const EXPECTED =
  'OpenAI Whisper verbose_json: {"segments":[{"start":seconds,"end":seconds,"text":string}],"language"?:string}';
const fields = new JsonFields(EXPECTED);

/**
 * Whisper does not diarise, so the whole call is one speaker, UNLABELLED_SPEAKER with no role: the
 * analysis then counts it as the agent (first speaker) and reports no customer, rather than
 * inventing turns. Its `language` is a name ("english"), kept as given.
 */
export const whisperFormat: JsonTranscriptFormat = {
  format: 'whisper_verbose_json',
  expected: EXPECTED,
  // Checked after our own format, which claims any segments carrying a speaker.
  matches: (document) => Array.isArray(document.segments),
  parse(document) {
    const segments = fields.array(document.segments, 'segments').map((value, index) => {
      const path = `segments[${index}]`;
      const item = fields.object(value, path);
      return {
        speaker: UNLABELLED_SPEAKER,
        role: null,
        ...fields.span(item, path),
        text: fields.text(item.text, `${path}.text`),
      };
    });
    return { segments, language: languageTag(document.language) };
  },
};
