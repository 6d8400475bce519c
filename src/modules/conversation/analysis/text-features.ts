import nlp from 'compromise/one';
import { STOP_WORDS } from './stop-words.js';

const SENTENCE_BREAK = /[.!?…]\s/;
const QUESTION_END = /\?[^\p{L}\p{N}]*$/u;
const CONTENT_TOKEN = /\p{L}[\p{L}\p{N}]*(?:['-][\p{L}\p{N}]+)*/gu;
const MIN_CONTENT_WORD_LENGTH = 3;

/**
 * The sentences of an utterance, by compromise's tokenizer (which knows "Mr." and "6.5" are no
 * sentence ends). Most utterances hold one sentence, and those skip the tokenizer.
 */
export function splitSentences(text: string): string[] {
  if (!SENTENCE_BREAK.test(text)) return [text];
  return nlp.tokenize(text).out('array') as string[];
}

/** A question is a sentence ending in "?" (closing quotes or brackets may follow). */
export function isQuestion(sentence: string): boolean {
  return QUESTION_END.test(sentence.trim());
}

/**
 * The words that can carry a call's topic: lower-cased, possessive "'s" dropped, at least three
 * characters, starting with a letter, not a stop word.
 */
export function contentWords(text: string): string[] {
  const tokens = text.toLowerCase().replace(/’/g, "'").match(CONTENT_TOKEN) ?? [];
  return tokens
    .map((token) => token.replace(/'s$/, ''))
    .filter((word) => word.length >= MIN_CONTENT_WORD_LENGTH && !STOP_WORDS.has(word));
}
