import nlp from 'compromise/one';
import { STOP_WORDS } from './stop-words.js';

const SENTENCE_BREAK = /[.!?…]\s/;
const QUESTION_END = /\?[^\p{L}\p{N}]*$/u;
const CONTENT_TOKEN = /\p{L}[\p{L}\p{N}]*(?:['-][\p{L}\p{N}]+)*/gu;
const MIN_CONTENT_WORD_LENGTH = 3;

type SentenceSplitter = (text: string, world: unknown) => string[];
const splitter = (nlp.methods() as { one: { tokenize: { splitSentences: SentenceSplitter } } }).one
  .tokenize.splitSentences;
const world = nlp.world();

/**
 * The sentences of a text, trimmed, as compromise's tokenizer finds them (it knows "Mr." and
 * "6.5" are no sentence ends): `nlp.tokenize(text).out('array')`, without splitting every
 * sentence into words and reading contractions first, which took thirty times as long.
 */
export function sentencesOf(text: string): string[] {
  return splitter(text, world)
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence !== '');
}

/** The sentences of an utterance (see `sentencesOf`); most hold one, and skip the splitter. */
export function splitSentences(text: string): string[] {
  if (!SENTENCE_BREAK.test(text)) return [text];
  return sentencesOf(text);
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
