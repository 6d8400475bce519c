import type { TranscriptSegment } from '../conversation/index.js';
import { candidate, dedupe, type Candidate } from './extracted-value.js';
import type {
  DateValue,
  ExtractedData,
  ExtractedEntities,
  ExtractionContext,
  MoneyValue,
  UsAddress,
} from './extraction.types.js';
import { extractMortgageFields } from './mortgage-extractor.js';
import { readSentence, type SentenceFacts } from './sentence-facts.js';
import { splitTranscript } from './transcript-sentences.js';

/**
 * Confidence of the generic entities:
 * - 0.95 an e-mail written out, 0.7 one spelled in words ("dana at northwind dot com");
 * - 0.9 a phone number libphonenumber-js accepts as valid for the region;
 * - 0.9 money marked as money ($, dollars, bucks, grand, €…), 0.7 the "420k" shorthand (taken as USD);
 * - 0.9 a date with its month said, 0.8 a weekday or relative date ("Friday", "in 45 days");
 * - 0.8 a person who is introduced ("my name is…", "this is…"), 0.6 any other name compromise finds;
 * - 0.7 an organisation compromise finds;
 * - 0.9 an address with its state, 0.7 a street without one.
 */
export function extractCallData(
  segments: readonly TranscriptSegment[],
  ctx: ExtractionContext,
): ExtractedData {
  const facts = splitTranscript(segments, ctx.agentSpeaker).map((sentence) =>
    readSentence(sentence, ctx.defaultRegion, ctx.startedAt),
  );
  return extractedDataOf(facts, ctx);
}

/** The extracted data of a transcript's sentences, once read. */
export function extractedDataOf(
  facts: readonly SentenceFacts[],
  ctx: ExtractionContext,
): ExtractedData {
  return {
    entities: extractEntities(facts),
    mortgage: extractMortgageFields(facts, ctx),
    extracted_at: (ctx.now ?? new Date()).toISOString(),
  };
}

const INTRODUCTION = /\b(my name is|name's|this is|i'm|i am|it's|speaking with|talking to)\s*$/i;

export function extractEntities(facts: readonly SentenceFacts[]): ExtractedEntities {
  const emails: Candidate<string>[] = [];
  const phones: Candidate<string>[] = [];
  const money: Candidate<MoneyValue>[] = [];
  const dates: Candidate<DateValue>[] = [];
  const people: Candidate<string>[] = [];
  const organizations: Candidate<string>[] = [];
  const addresses: Candidate<UsAddress>[] = [];

  for (const fact of facts) {
    const { sentence, text } = fact;
    for (const mention of fact.emails) {
      emails.push(candidate(mention.email, mention.spoken ? 0.7 : 0.95, sentence, mention.start));
    }
    for (const mention of fact.phones) {
      phones.push(candidate(mention.e164, 0.9, sentence, mention.start));
    }
    for (const mention of fact.numbers) {
      const currency = mention.currency ?? (mention.shorthand ? 'USD' : null);
      if (currency === null || mention.percent) continue;
      const value = { amount: mention.value, currency, text: mention.text };
      money.push(candidate(value, mention.currency ? 0.9 : 0.7, sentence, mention.start));
    }
    for (const mention of fact.dates) {
      const value = { date: mention.date.toISOString(), text: mention.text };
      dates.push(candidate(value, mention.monthStated ? 0.9 : 0.8, sentence, mention.start));
    }
    for (const mention of fact.people) {
      const introduced = INTRODUCTION.test(text.slice(0, mention.start));
      people.push(candidate(mention.name, introduced ? 0.8 : 0.6, sentence, mention.start));
    }
    for (const mention of fact.organizations) {
      organizations.push(candidate(mention.name, 0.7, sentence, mention.start));
    }
    for (const mention of fact.addresses) {
      const confidence = mention.address.state ? 0.9 : 0.7;
      addresses.push(candidate(mention.address, confidence, sentence, mention.start));
    }
  }

  return {
    emails: dedupe(emails, (email) => email),
    phones: dedupe(phones, (phone) => phone),
    money: dedupe(money, (value) => `${value.currency} ${value.amount}`),
    dates: dedupe(dates, (value) => value.date),
    people: dropFirstNamesOfFullNames(dedupe(people, (name) => name.toLowerCase())),
    organizations: dedupe(organizations, (name) => name.toLowerCase()),
    addresses: dedupe(addresses, (address) => address.street.toLowerCase().replace(/\W+/g, ' ')),
  };
}

/** "Michael" said after "Michael Chen" is the same person, not a second one. */
function dropFirstNamesOfFullNames<T extends { value: string }>(people: T[]): T[] {
  const fullNames = people.filter((person) => person.value.includes(' '));
  return people.filter(
    (person) =>
      person.value.includes(' ') ||
      !fullNames.some((full) =>
        full.value.toLowerCase().startsWith(`${person.value.toLowerCase()} `),
      ),
  );
}
