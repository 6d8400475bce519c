import { languageTag } from '../transcript-normalizer.js';
import type { TranscriptSegment } from '../transcript.types.js';
import { JsonFields } from './json-fields.js';
import { isJsonObject, type JsonObject, type JsonTranscriptFormat } from './source-transcript.js';
import { groupWordsIntoTurns } from './word-turns.js';

const EXPECTED =
  'Deepgram JSON: {"results":{"utterances":[{"speaker":number,"start":seconds,"end":seconds,"transcript":string}]}} ' +
  'or {"results":{"channels":[{"alternatives":[{"words":[{"speaker":number,"start":seconds,"end":seconds,"punctuated_word":string}]}]}]}}';
const fields = new JsonFields(EXPECTED);

function index(value: unknown, path: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  return fields.fail(`${path} must be a non-negative integer`);
}

/**
 * Deepgram numbers speakers from 0; people read "Speaker 1" for the first. With several channels
 * (a stereo call recording) speaker numbers restart in each channel, so the channel is named too.
 */
function speakerName(item: JsonObject, path: string, multichannel: boolean): string {
  const speaker = index(item.speaker, `${path}.speaker`);
  if (!multichannel) return `Speaker ${(speaker ?? 0) + 1}`;
  const channel = `Channel ${(index(item.channel, `${path}.channel`) ?? 0) + 1}`;
  return speaker === null ? channel : `${channel} Speaker ${speaker + 1}`;
}

function fromUtterances(utterances: unknown[], multichannel: boolean): TranscriptSegment[] {
  return utterances.map((value, i) => {
    const path = `results.utterances[${i}]`;
    const item = fields.object(value, path);
    return {
      speaker: speakerName(item, path, multichannel),
      role: null,
      ...fields.span(item, path),
      text: fields.text(item.transcript, `${path}.transcript`),
    };
  });
}

function fromWords(channels: unknown[]): TranscriptSegment[] {
  const multichannel = channels.length > 1;
  return channels.flatMap((value, c) => {
    const channel = fields.object(value, `results.channels[${c}]`);
    const alternatives = fields.array(channel.alternatives, `results.channels[${c}].alternatives`);
    const alternative = fields.object(alternatives[0], `results.channels[${c}].alternatives[0]`);
    const words = fields.array(alternative.words, `results.channels[${c}].alternatives[0].words`);
    return groupWordsIntoTurns(
      words.map((wordValue, w) => {
        const path = `results.channels[${c}].alternatives[0].words[${w}]`;
        const word = fields.object(wordValue, path);
        return {
          speaker: speakerName({ ...word, channel: c }, path, multichannel),
          role: null,
          ...fields.span(word, path),
          text: fields.text(word.punctuated_word ?? word.word, `${path}.punctuated_word`),
        };
      }),
    );
  });
}

/** Deepgram's pre-recorded response: utterances when requested, else the first alternative's words. */
export const deepgramFormat: JsonTranscriptFormat = {
  format: 'deepgram',
  expected: EXPECTED,
  matches: (document) =>
    isJsonObject(document.results) &&
    (Array.isArray(document.results.utterances) || Array.isArray(document.results.channels)),
  parse(document) {
    const results = fields.object(document.results, 'results');
    const channels =
      results.channels === undefined ? [] : fields.array(results.channels, 'results.channels');
    const utterances =
      results.utterances === undefined
        ? []
        : fields.array(results.utterances, 'results.utterances');
    const segments =
      utterances.length > 0 ? fromUtterances(utterances, channels.length > 1) : fromWords(channels);
    const firstChannel = isJsonObject(channels[0]) ? channels[0] : {};
    return { segments, language: languageTag(firstChannel.detected_language) };
  },
};
