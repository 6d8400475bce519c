/**
 * What other modules may use of extraction (.dependency-cruiser.cjs), besides the port for a
 * shared reading (`extraction-reader.ts`, which needs Nest): its types, and its reading of a
 * transcript for a module that reads the same sentences (task detection parses each sentence
 * once for both, `readSentenceShared`, and hands the facts back, `extractedDataOf`).
 * Importing a value from here loads the NLP libraries and their models, which belong on the NLP
 * threads: code on the main thread takes only types from this file.
 */
export { extractCallData, extractedDataOf } from './data-extractor.js';
export { dueAt, findDates, type DateMention } from './date-mentions.js';
export type * from './extraction.types.js';
export { nlp, type NlpDoc } from './nlp.js';
export {
  isQuestion,
  readSentenceShared,
  type SentenceFacts,
  type SentenceReading,
} from './sentence-facts.js';
export { splitTranscript, type TranscriptSentence } from './transcript-sentences.js';
