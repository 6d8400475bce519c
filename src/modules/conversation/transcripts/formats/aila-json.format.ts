import { languageTag } from '../transcript-normalizer.js';
import type { SpeakerRole, TranscriptSegment } from '../transcript.types.js';
import { JsonFields } from './json-fields.js';
import { isJsonObject, type JsonTranscriptFormat } from './source-transcript.js';

const EXPECTED =
  '{"segments":[{"speaker":string,"role"?:"agent"|"customer"|null,"start":seconds,"end":seconds,"text":string}],"language"?:string}';
const fields = new JsonFields(EXPECTED);

function readRole(value: unknown, path: string): SpeakerRole | null {
  if (value === undefined || value === null) return null;
  if (value === 'agent' || value === 'customer') return value;
  return fields.fail(`${path} must be "agent", "customer" or null`);
}

/** Our own shape: the one GET /calls/{id} returns, so a transcript can be uploaded again as it came out. */
export const ailaJsonFormat: JsonTranscriptFormat = {
  format: 'aila_json',
  expected: EXPECTED,
  matches: (document) =>
    Array.isArray(document.segments) &&
    (document.segments.length === 0 ||
      document.segments.some((segment) => isJsonObject(segment) && 'speaker' in segment)),
  parse(document) {
    const segments = fields
      .array(document.segments, 'segments')
      .map((value, index): TranscriptSegment => {
        const path = `segments[${index}]`;
        const item = fields.object(value, path);
        const speaker = fields.text(item.speaker, `${path}.speaker`);
        if (speaker.trim() === '') fields.fail(`${path}.speaker must not be empty`);
        return {
          speaker,
          role: readRole(item.role, `${path}.role`),
          ...fields.span(item, path),
          text: fields.text(item.text, `${path}.text`),
        };
      });
    return { segments, language: languageTag(document.language) };
  },
};
