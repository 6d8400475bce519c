import * as chrono from 'chrono-node';
import type { TextSpan } from './nlp.js';

/** A date or deadline said in a sentence, resolved in UTC against the call's start. */
export interface DateMention extends TextSpan {
  text: string;
  date: Date;
  /** A time of day was said ("at 3pm", "tomorrow morning", "tonight"). */
  timeStated: boolean;
  /** The month was said ("March 20th", "end of April"), not only a weekday or a duration. */
  monthStated: boolean;
}

/**
 * chrono reads durations as dates: "for six years", "a second home", "1,800 a month"
 * and "30 year fixed" all parse. In conversation only "in / within / next / after /
 * end of …" durations are deadlines, so other relative results are dropped.
 */
const DEADLINE_DURATION = /^(in|within|next|after|end of)\b/i;
/** chrono reads "Is 10 a good time" as 10 a.m.; a time without a day counts only with a.m./p.m. */
const CLOCK_MERIDIEM = /\d\s*(a\.?m\.?|p\.?m\.?)(?=\W|$)/i;
/** "Good morning" is a greeting; "this afternoon" and "tonight" are times. */
const THIS_TIME_OF_DAY = /^(this|tonight)\b/i;
const END_OF_DAY = /\b(end of (the )?(business )?day|eod|close of business|cob)\b/i;
const TIME_OF_DAY_TAGS = ['parser/ENCasualTimeParser', 'casualReference/tonight'];

export function findDates(text: string, reference: Date): DateMention[] {
  const mentions: DateMention[] = [];
  for (const result of chrono.parse(
    text,
    { instant: reference, timezone: 'UTC' },
    { forwardDate: true },
  )) {
    const tags = result.tags();
    if (tags.has('casualReference/now')) continue;
    if (tags.has('result/relativeDate') && !DEADLINE_DURATION.test(result.text)) continue;
    const start = result.start;
    const dateStated =
      start.isCertain('day') || start.isCertain('weekday') || start.isCertain('month');
    if (!dateStated && !CLOCK_MERIDIEM.test(result.text) && !THIS_TIME_OF_DAY.test(result.text)) {
      continue;
    }
    mentions.push({
      start: result.index,
      end: result.index + result.text.length,
      text: result.text,
      date: start.date(),
      timeStated: start.isCertain('hour') || hasAny(tags, TIME_OF_DAY_TAGS),
      monthStated:
        start.isCertain('month') &&
        ![...tags].some(
          (tag) => tag.startsWith('result/relative') || tag.startsWith('casualReference/'),
        ),
    });
  }
  const endOfDay = END_OF_DAY.exec(text);
  if (endOfDay && mentions.length === 0) {
    // chrono has no reading of "end of day"; it means the day of the call.
    mentions.push({
      start: endOfDay.index,
      end: endOfDay.index + endOfDay[0].length,
      text: endOfDay[0],
      date: reference,
      timeStated: false,
      monthStated: false,
    });
  }
  return mentions;
}

/** A deadline without a time of day is due at the end of the business day, 17:00 UTC. */
export function dueAt(mention: DateMention): Date {
  if (mention.timeStated) return mention.date;
  const due = new Date(mention.date);
  due.setUTCHours(17, 0, 0, 0);
  return due;
}

function hasAny(tags: Set<string>, wanted: readonly string[]): boolean {
  return wanted.some((tag) => tags.has(tag));
}
