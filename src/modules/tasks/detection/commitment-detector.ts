import type { SpeakerRole, TranscriptSegment } from '../../conversation/index.js';
import {
  dueAt,
  findDates,
  isQuestion,
  nlp,
  splitTranscript,
  type DateMention,
  type NlpDoc,
  type SentenceReading,
  type TranscriptSentence,
} from '../../extraction/index.js';
import type { CommitmentContext, DetectedTask } from './task-detection.types.js';

/**
 * Promises made on a call, as tasks for the call's team member.
 *
 * A commitment is a first-person future statement: "I'll / I will / I'm going to / we'll
 * send…", "let me get you…", and a verb joined to one by "and" ("I'll pull your credit and
 * send you the letter" is two). Not commitments:
 * - questions ("Will you send…?", "Can I send…?"); a tag like ", okay?" does not make one;
 * - hypotheticals: would / could / might, "maybe", "probably", and anything after "if" or "unless";
 * - negations ("I won't be able to…", "I'll never…", "I will not…");
 * - states rather than actions ("I'll be there", "I'll have to think about it", "let me know").
 * The title is the promised verb phrase, its deadline removed and its pronouns made to read
 * from the assignee's side ("send you your estimate" → "Send the customer's estimate").
 */
export function detectCommitments(
  segments: readonly TranscriptSegment[],
  ctx: CommitmentContext,
): DetectedTask[] {
  const commitments = new Commitments(ctx);
  for (const sentence of splitTranscript(segments, ctx.agentSpeaker)) commitments.read(sentence);
  return commitments.tasks();
}

/** The tasks of a transcript, read one sentence at a time, in order. */
export class Commitments {
  private readonly byTitle = new Map<string, DetectedTask>();

  constructor(private readonly ctx: CommitmentContext) {}

  /** `parse` is extraction's parse of the same sentence, when it can be shared. */
  read(sentence: TranscriptSentence, parse: SentenceReading['parse'] = null): void {
    if (!MAY_PROMISE.test(sentence.text)) return;
    const doc = parse?.doc ?? nlp(sentence.text);
    if (parse ? parse.question : isQuestion(sentence.text, doc)) return;
    const dates = parse?.dates ?? findDates(sentence.text, this.ctx.startedAt);
    for (const promise of promisesIn(sentence.text, doc, dates)) {
      const task = toTask(sentence, promise, this.ctx.userId);
      const key = slug(task.title);
      const earlier = this.byTitle.get(key);
      // Said twice, it is one task; a deadline given the second time is the one that holds.
      if (!earlier) this.byTitle.set(key, task);
      else if (task.due_at) earlier.due_at = task.due_at;
    }
  }

  tasks(): DetectedTask[] {
    return [...this.byTitle.values()];
  }
}

interface NlpVerb {
  text: string;
  offset: { start: number; length: number };
  verb: { auxiliary: string; infinitive: string; negative: boolean; preAdverbs: string[] };
}

interface Commitment {
  phrase: string;
  due: DateMention | null;
}

/** Every promise has one of these; sentences without any skip the tagger. */
const MAY_PROMISE = /\b(i|we)(\s*['’](ll|m|re)|\s+(will|shall|am|are))\b|\blet\s+me\b/i;
/** The subject and future marker right before the verb phrase compromise found. */
const FIRST_PERSON_FUTURE =
  /(^|[^\w'’])(i|we)(\s*['’]ll|\s+will|\s+shall|\s*['’]m|\s+am|\s*['’]re|\s+are)?\s*$/i;
const FUTURE_AUXILIARY = /^(will|shall|am going to|are going to|will be|shall be)$/i;
const HEDGES = new Set(['maybe', 'probably', 'possibly', 'perhaps', 'hopefully']);
const CONDITION = /\b(if|unless|whether|maybe|perhaps|in case)\b/i;
/** Verbs that promise no action: "I'll be there", "I'll need to think", "I'll see". */
const NOT_ACTIONS = wordSet(
  'be need want like love know think see guess hope say admit bet live stay remember wait hold hear feel miss',
);
/** "Let me…" about something done on the call itself, or asking to be told. */
const NOT_LET_ME = wordSet(
  'know ask see think check look pull explain tell repeat confirm understand clarify walk share be make just double-check start grab',
);
const CLAUSE_END =
  /[.;!?]|,\s*(?=(but|so|because|and|or|okay|ok|alright|right|if|once|when|though)\b)|,\s*$|\s(?=(but|so that|so|because|since|once|when|while|as soon as|unless|if|and then|though)\s)/i;
const COORDINATION = /(,\s*)?\b(and|and then|then)\s+$/i;
const DEADLINE_PREPOSITION =
  /\s*\b(by|on|before|until|no later than|at|for|around|sometime|first thing|later)\s*$/i;
const LEADING_FILLER =
  /^((just|also|definitely|certainly|personally|quickly|actually|absolutely|then|go ahead and|try to|try and|make sure to|make sure I|be sure to)\s+)+/i;
const TRAILING_FILLER =
  /(\s+(for you|real quick|right away|as well|too|then|okay|ok|alright|over to you))+$/i;
const DETERMINERS = wordSet(
  'the a an your my our this that these those some all any both it them everything two three copies',
);

function promisesIn(text: string, doc: NlpDoc, dates: DateMention[]): Commitment[] {
  const verbs = (doc.verbs().json({ offset: true }) as NlpVerb[]).map((verb) =>
    realign(text, verb),
  );
  const promises: Commitment[] = [];
  let previousEnd: number | null = null;

  verbs.forEach((verb, i) => {
    const start = verb.offset.start;
    const before = text.slice(0, start);
    const coordinated =
      previousEnd !== null &&
      COORDINATION.test(text.slice(previousEnd, start)) &&
      !CLAUSE_END.test(text.slice(previousEnd, start).replace(COORDINATION, ''));
    // "Let" of "let me send…" is not the promise; the verb after it is.
    if (/^let\s+me\s+$/i.test(text.slice(start, verbs[i + 1]?.offset.start ?? start))) return;
    const isLetMeAction = /\blet\s+me\s+$/i.test(before);
    const isFuture = FUTURE_AUXILIARY.test(verb.verb.auxiliary) && FIRST_PERSON_FUTURE.test(before);
    if (!isFuture && !isLetMeAction && !coordinated) {
      previousEnd = null;
      return;
    }
    if (!promised(verb, before, isLetMeAction)) {
      previousEnd = null;
      return;
    }

    const end = clauseEnd(text, start, verbs[i + 1]);
    previousEnd = start + verb.offset.length;
    const phrase = cleanPhrase(text, start, end, dates, verb.verb.infinitive);
    if (phrase === '') return;
    const clauseStart = lastClauseStart(text, start);
    const due = dates.find((date) => date.start >= clauseStart && date.start < end) ?? null;
    promises.push({ phrase, due });
  });
  return promises;
}

/**
 * A verb after a contraction ("I'll send") starts, in compromise's offsets, at the
 * contraction's implied "will", which sits just before the space; move it onto the word.
 */
function realign(text: string, verb: NlpVerb): NlpVerb {
  const shift = /^\s*/.exec(text.slice(verb.offset.start))![0].length;
  return { ...verb, offset: { start: verb.offset.start + shift, length: verb.offset.length } };
}

function promised(verb: NlpVerb, before: string, letMe: boolean): boolean {
  const infinitive = verb.verb.infinitive.toLowerCase().replace(/^to /, '');
  const firstWord = infinitive.split(' ')[0] ?? '';
  if (verb.verb.negative || /\bnever\b/i.test(verb.text)) return false;
  if (verb.verb.preAdverbs.some((adverb) => HEDGES.has(adverb.toLowerCase()))) return false;
  if (CONDITION.test(before)) return false;
  if (
    /^have\b/i.test(verb.verb.auxiliary.replace(/^will\s+/i, '')) ||
    /\bhave to\b/i.test(verb.text)
  ) {
    return false;
  }
  return letMe ? !NOT_LET_ME.has(firstWord) : !NOT_ACTIONS.has(firstWord);
}

function clauseEnd(text: string, start: number, next: NlpVerb | undefined): number {
  const rest = text.slice(start);
  const boundary = CLAUSE_END.exec(rest);
  let end = boundary ? start + boundary.index : text.length;
  if (next && next.offset.start < end) {
    const between = text.slice(start, next.offset.start);
    const joined = COORDINATION.exec(between);
    if (joined) end = start + joined.index;
  }
  return end;
}

function lastClauseStart(text: string, start: number): number {
  const before = text.slice(0, start);
  const boundaries = [...before.matchAll(/[.;!?,]/g)];
  return boundaries.length > 0 ? boundaries.at(-1)!.index + 1 : 0;
}

function cleanPhrase(
  text: string,
  start: number,
  end: number,
  dates: DateMention[],
  infinitive: string,
): string {
  let phrase = '';
  let cursor = start;
  for (const date of dates.filter((d) => d.start >= start && d.end <= end)) {
    phrase += text.slice(cursor, date.start).replace(DEADLINE_PREPOSITION, ' ');
    cursor = date.end;
  }
  phrase += text.slice(cursor, end);
  phrase = phrase
    .replace(/^((will|shall|am|are|is|going to|gonna|be)\s+)+/i, '')
    .replace(LEADING_FILLER, '')
    .replace(/[\s,]+$/, '')
    .replace(TRAILING_FILLER, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (/^go ahead$/i.test(phrase)) return '';
  const [first = '', ...rest] = phrase.split(' ');
  const verb = /ing$/i.test(first) ? nlp(first).verbs().toInfinitive().text() || infinitive : first;
  return [verb, ...rest].join(' ');
}

function toTask(sentence: TranscriptSentence, promise: Commitment, userId: string): DetectedTask {
  const title = titleFor(sentence.role, promise.phrase);
  return {
    title,
    description: `${sentence.role === 'agent' ? 'Agent' : 'Customer'} ${sentence.speaker} committed at ${clock(sentence.start)}: "${sentence.text}"`,
    due_at: promise.due ? dueAt(promise.due).toISOString() : null,
    assignee_user_id: userId,
    source: {
      speaker: sentence.speaker,
      role: sentence.role,
      quote: sentence.text,
      start: sentence.start,
      segment_index: sentence.segment_index,
    },
    fingerprint: `${sentence.segment_index}:${slug(title)}`,
  };
}

/** The agent's "you" is the customer. */
const FROM_AGENT: Record<string, string> = {
  you: 'the customer',
  your: "the customer's",
  yours: "the customer's",
  yourself: 'the customer',
};
/** The customer's "my" is theirs; their "you" is the agent, who reads the task, so it stays. */
const FROM_CUSTOMER: Record<string, string> = {
  my: 'their',
  mine: 'theirs',
  me: 'them',
  myself: 'themselves',
  i: 'they',
  "i'm": "they're",
  we: 'they',
  our: 'their',
  ours: 'theirs',
  us: 'them',
};

function titleFor(role: SpeakerRole, phrase: string): string {
  const words = phrase.split(' ');
  const out: string[] = [];
  words.forEach((word, i) => {
    const [, core = '', tail = ''] = /^(.*?)([.,;:!?]*)$/.exec(word)!;
    const lower = core.toLowerCase();
    const next = words[i + 1]?.toLowerCase();
    // "send you the disclosure": the promise is the disclosure, not who receives it.
    if (i === 1 && lower === 'you' && next !== undefined && DETERMINERS.has(next)) return;
    if (role === 'customer' && lower === 'you' && next === 'back') return;
    const table = role === 'agent' ? FROM_AGENT : FROM_CUSTOMER;
    out.push((table[lower] ?? core) + tail);
  });
  const sentence = out.join(' ').replace(/[.,;:!?]+$/, '');
  return truncate(
    role === 'agent'
      ? sentence.charAt(0).toUpperCase() + sentence.slice(1)
      : `Follow up: customer to ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`,
  );
}

function truncate(title: string): string {
  if (title.length <= 120) return title;
  const cut = title.slice(0, 119);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 60 ? cut.lastIndexOf(' ') : 119)}…`;
}

function wordSet(words: string): Set<string> {
  return new Set(words.split(' '));
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}
