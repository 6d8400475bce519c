import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import { findUsAddresses, type AddressMention } from './address-matcher.js';
import { findDates, type DateMention } from './date-mentions.js';
import { matchesOf, nlp, overlaps, wordsOf, type NlpDoc, type TextSpan } from './nlp.js';
import { findNumbers, normaliseForNumbers, type NumberMention } from './number-mentions.js';
import type { TranscriptSentence } from './transcript-sentences.js';

export interface NamedMention extends TextSpan {
  name: string;
}

export interface EmailMention extends TextSpan {
  email: string;
  /** Read from "dana at northwind dot com" rather than written out. */
  spoken: boolean;
}

export interface PhoneMention extends TextSpan {
  e164: string;
}

/** Everything the libraries find in one sentence; spans refer to `text`. */
export interface SentenceFacts {
  sentence: TranscriptSentence;
  /** The sentence as read (see `normaliseForNumbers`); the evidence quotes the original. */
  text: string;
  question: boolean;
  emails: EmailMention[];
  phones: PhoneMention[];
  addresses: AddressMention[];
  dates: DateMention[];
  /** Numbers that are not part of a phone number, address, e-mail or date. */
  numbers: NumberMention[];
  people: NamedMention[];
  organizations: NamedMention[];
  /** Runs of title-cased names, including the ones compromise cannot classify ("Kaiser Permanente"). */
  properNouns: NamedMention[];
}

/**
 * Speech recognisers write a spoken e-mail address as words: "dana at northwind dot com".
 * It must contain " dot " and end in a common top-level domain, so "we met at the office"
 * never becomes one.
 */
const SPOKEN_EMAIL =
  /\b([a-z0-9]+(?:(?:\s+dot\s+|\.)[a-z0-9]+)*)\s+at\s+([a-z0-9-]+(?:(?:\s+dot\s+|\.)[a-z0-9-]+)*(?:\s+dot\s+|\.)(?:com|net|org|edu|gov|io|co|us))\b/gi;
// Patterns are parsed once, here, rather than on every sentence.
const INTRODUCED_NAME = nlp.parseMatch(
  '(name is|this is|i am|speaking with|colleague|wife|husband|partner|spouse|fiance|fiancee|boss|manager|assistant|coworker) [#ProperNoun+]',
);
const PLACE_OR_ORGANIZATION = nlp.parseMatch('(#Organization|#Place)');
const PROPER_NOUNS = nlp.parseMatch('#ProperNoun+');
/**
 * A written address: a local part, "@", then dot-separated domain labels (letters, digits and
 * inner hyphens) ending in a top-level domain of letters, so a full stop after it is not part
 * of it. Found in the text itself: compromise's `emails()` splits a word at a hyphen, and lost
 * every address at a hyphenated domain ("jo@my-bank.co.uk").
 */
const WRITTEN_EMAIL =
  /(?<![\w.%+-])[\w.%+-]+@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}(?![\w-])/gi;
/** "…, okay?" asks for agreement; the sentence before it is still a statement. */
const TAG_QUESTION =
  /,\s*(okay|ok|alright|all right|right|sound good|sounds good|does that work|is that okay|is that ok|fair enough|yeah)\s*\?\s*$/i;

/** What reading a sentence for extraction found, and the parse task detection may share. */
export interface SentenceReading {
  facts: SentenceFacts;
  /**
   * The parse of the sentence's own text, its question check and its dates (not narrowed by
   * other mentions); null when extraction read something else: a text rewritten for numbers,
   * or a parse whose names it tagged.
   */
  parse: { doc: NlpDoc; question: boolean; dates: DateMention[] } | null;
}

export function readSentence(
  sentence: TranscriptSentence,
  region: CountryCode,
  startedAt: Date,
): SentenceFacts {
  return readSentenceShared(sentence, region, startedAt).facts;
}

/** `readSentence`, with the parse it made for another reader of the same sentence. */
export function readSentenceShared(
  sentence: TranscriptSentence,
  region: CountryCode,
  startedAt: Date,
): SentenceReading {
  const text = normaliseForNumbers(sentence.text);
  const doc = nlp(text);
  // compromise knows common Western names; an introduction names a person whatever the name.
  const introduced = doc.match(INTRODUCED_NAME, 0).not(PLACE_OR_ORGANIZATION);
  introduced.tag('Person');

  const emails = findEmails(text);
  const phones: PhoneMention[] = findPhoneNumbersInText(text, { defaultCountry: region }).map(
    (found) => ({ start: found.startsAt, end: found.endsAt, e164: found.number.number }),
  );
  const addresses = findUsAddresses(text).filter(
    (address) => !phones.some((phone) => overlaps(phone, address)),
  );
  const taken: TextSpan[] = [...emails, ...phones, ...addresses];
  const allDates = findDates(text, startedAt);
  const dates = allDates.filter((date) => !taken.some((span) => overlaps(span, date)));
  taken.push(...dates);
  const numbers = findNumbers(text, doc).filter(
    (number) => !taken.some((span) => overlaps(span, number)),
  );
  const question = isQuestion(text, doc);

  return {
    facts: {
      sentence,
      text,
      question,
      emails,
      phones,
      addresses,
      dates,
      numbers,
      people: namesOf(doc.people()).filter((name) => !emails.some((e) => overlaps(e, name))),
      organizations: namesOf(doc.organizations()),
      properNouns: namesOf(doc.match(PROPER_NOUNS)),
    },
    parse: text === sentence.text && !introduced.found ? { doc, question, dates: allDates } : null,
  };
}

/** `doc` is `text` already parsed, when the caller has it. */
export function isQuestion(text: string, doc = nlp(text)): boolean {
  if (TAG_QUESTION.test(text)) {
    const statement = text.replace(TAG_QUESTION, '.');
    return statement.trim().endsWith('?') || asksQuestion(nlp(statement));
  }
  return text.trim().endsWith('?') || asksQuestion(doc);
}

const QUESTION_WORD_FIRST = nlp.parseMatch('^#QuestionWord');
const HAS_COMMA = nlp.parseMatch('@hasComma');
const OR_NOT_LAST = nlp.parseMatch('or not$');
const AUXILIARY_NOUN_FIRST = nlp.parseMatch('^(do|does|did|is|was|can|could|will|would|may) #Noun');
const HAVE_YOU_FIRST = nlp.parseMatch('^(have|must) you');
const ASKING_CLAUSE = nlp.parseMatch('(do|does|is|was) #Noun+ #Adverb? (#Adjective|#Infinitive)$');
const ASKING_CLAUSE_WORDS = nlp.parseMatch('(do|does|is|was) #Noun');

/**
 * `doc.questions().found`, with the same rules in the same order (compromise 14,
 * src/3-three/sentences/questions.js), but splitting a sentence into clauses only for the last
 * rule and only when the sentence has the words that rule looks for: compromise splits every
 * sentence first, which took over a quarter of the readers' time.
 */
function asksQuestion(doc: NlpDoc): boolean {
  // Every sentence of a parsed text is whole, which compromise checks first.
  return doc.filter((view) => {
    const sentence = view as NlpDoc;
    if (/[?\uFF1F]/.test(sentence.docs[0]?.at(-1)?.post ?? '')) return true;
    if (/\.\.$/.test(sentence.out('text') as string)) return false;
    if (sentence.has(QUESTION_WORD_FIRST) && sentence.has(HAS_COMMA)) return false;
    if (sentence.has(OR_NOT_LAST) || sentence.has(QUESTION_WORD_FIRST)) return true;
    if (sentence.has(AUXILIARY_NOUN_FIRST) || sentence.has(HAVE_YOU_FIRST)) return true;
    // A clause is a run of the sentence's words, so one that matches needs these two in a row.
    return sentence.has(ASKING_CLAUSE_WORDS) && sentence.clauses().has(ASKING_CLAUSE);
  }).found;
}

function findEmails(text: string): EmailMention[] {
  const written: EmailMention[] = [...text.matchAll(WRITTEN_EMAIL)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    email: match[0].toLowerCase(),
    spoken: false,
  }));
  const spoken: EmailMention[] = [...text.matchAll(SPOKEN_EMAIL)]
    .filter((match) => /\sdot\s/i.test(match[0]))
    .map((match) => ({
      start: match.index,
      end: match.index + match[0].length,
      email: `${match[1]}@${match[2]}`.replace(/\s+dot\s+/gi, '.').toLowerCase(),
      spoken: true,
    }));
  return [...written, ...spoken.filter((s) => !written.some((w) => overlaps(w, s)))];
}

function namesOf(view: { json: (options: object) => unknown }): NamedMention[] {
  return matchesOf(view)
    .map((match) => ({
      start: match.offset.start,
      end: match.offset.start + match.offset.length,
      name: wordsOf(match),
    }))
    .filter((mention) => mention.name.length > 1);
}
