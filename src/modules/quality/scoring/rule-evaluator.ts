import type { CallAnalysis } from '../../conversation/index.js';
import type { SpeakerRole, TranscriptSegment } from '../../conversation/index.js';
import type {
  ChecklistRule,
  MaxMonologueSecondsRule,
  MaxTalkRatioRule,
  MinQuestionsRule,
  MinSentimentRule,
  PhraseAbsentRule,
  PhrasePresentRule,
  SpeakerFilter,
} from '../checklists/checklist.types.js';
import { compilePhrase, findPhraseMatchesIn, type PhraseMatch } from './phrase-matcher.js';
import type { QualityEvidence, QualityItemOutcome } from './quality-result.types.js';

export const MAX_EVIDENCE_SEGMENTS = 10;
export const MAX_QUOTE_LENGTH = 300;

export interface ScoringInput {
  segments: TranscriptSegment[] | null;
  analysis: CallAnalysis | null;
}

export interface RuleOutcome {
  result: QualityItemOutcome;
  reason: string;
  evidence: QualityEvidence[];
}

/** The call as the rules see it: a non-empty transcript, its speakers' roles when known, the analysis. */
interface ScoringContext {
  segments: TranscriptSegment[];
  analysis: CallAnalysis | null;
  roleOf: ((segment: TranscriptSegment) => SpeakerRole) | null;
}

const SPEAKER_LABEL: Readonly<Record<SpeakerFilter, string>> = {
  agent: 'the agent',
  customer: 'a customer',
  any: 'anyone',
};

function notApplicable(reason: string): RuleOutcome {
  return { result: 'not_applicable', reason, evidence: [] };
}

function formatTime(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

function formatNumber(value: number, decimals: number): string {
  const factor = 10 ** decimals;
  return String(Math.round(value * factor) / factor);
}

function formatPercent(ratio: number): string {
  return `${formatNumber(ratio * 100, 1)}%`;
}

function toEvidence(segments: Iterable<TranscriptSegment>): QualityEvidence[] {
  const evidence: QualityEvidence[] = [];
  for (const segment of segments) {
    if (evidence.length === MAX_EVIDENCE_SEGMENTS) break;
    const text = segment.text.trim();
    const quote = text.length > MAX_QUOTE_LENGTH ? `${text.slice(0, MAX_QUOTE_LENGTH - 1)}…` : text;
    evidence.push({ speaker: segment.speaker, start: segment.start, end: segment.end, quote });
  }
  return evidence;
}

/**
 * The analysis decides who the agent is; without one, the transcript's own roles are used when
 * every segment has one. Otherwise roles are unknown and speaker-filtered rules are not applicable.
 */
function resolveRoles(
  segments: TranscriptSegment[],
  analysis: CallAnalysis | null,
): ScoringContext['roleOf'] {
  if (analysis !== null) {
    return (segment) => (segment.speaker === analysis.agent_speaker ? 'agent' : 'customer');
  }
  const roles = segments.map((segment) => segment.role);
  if (roles.every((role): role is SpeakerRole => role !== null)) {
    return (segment) => segment.role ?? 'customer';
  }
  return null;
}

function segmentsOf(
  context: ScoringContext,
  speaker: SpeakerFilter,
): TranscriptSegment[] | RuleOutcome {
  if (speaker === 'any') return context.segments;
  if (context.roleOf === null) {
    return notApplicable(
      'Speaker roles are unknown (no call analysis and no roles in the transcript)',
    );
  }
  const { roleOf } = context;
  const selected = context.segments.filter((segment) => roleOf(segment) === speaker);
  return selected.length > 0 ? selected : notApplicable(`No speech by ${SPEAKER_LABEL[speaker]}`);
}

interface TimedMatch {
  segment: TranscriptSegment;
  match: PhraseMatch;
}

/**
 * Matches by the rule's speaker within its time window. A match's time is estimated by spreading
 * the segment's words evenly over its duration, because long segments (Whisper's are up to 30 s)
 * would otherwise count a phrase said late in the segment as said at its start.
 */
function findRuleMatches(
  rule: PhrasePresentRule | PhraseAbsentRule,
  segments: TranscriptSegment[],
): TimedMatch[] {
  const phrases = rule.phrases.map(compilePhrase);
  const limit = rule.within_first_seconds;
  return segments.flatMap((segment) => {
    if (limit !== undefined && segment.start > limit) return [];
    return findPhraseMatchesIn(segment, phrases)
      .filter((match) => {
        const at = segment.start + (segment.end - segment.start) * match.position;
        return limit === undefined || at <= limit;
      })
      .map((match) => ({ segment, match }));
  });
}

function uniqueSegments(matches: TimedMatch[]): TranscriptSegment[] {
  return [...new Set(matches.map(({ segment }) => segment))];
}

function describeScope(rule: PhrasePresentRule | PhraseAbsentRule): string {
  const who = SPEAKER_LABEL[rule.speaker ?? 'any'];
  const when =
    rule.within_first_seconds === undefined ? '' : ` in the first ${rule.within_first_seconds} s`;
  return `by ${who}${when}`;
}

function describeMatch({ segment, match }: TimedMatch): string {
  return `${segment.speaker} said "${match.matched}" at ${formatTime(segment.start)}`;
}

function negatedNote(negated: TimedMatch[]): string {
  if (negated.length === 0) return '';
  return ` (${negated.length} negated mention${negated.length === 1 ? '' : 's'} ignored)`;
}

function evaluatePhraseRule(
  rule: PhrasePresentRule | PhraseAbsentRule,
  context: ScoringContext,
): RuleOutcome {
  const segments = segmentsOf(context, rule.speaker ?? 'any');
  if (!Array.isArray(segments)) return segments;
  const matches = findRuleMatches(rule, segments);
  const counted = matches.filter(({ match }) => !match.negated);
  const negated = matches.filter(({ match }) => match.negated);
  const [first] = counted;
  const said = first !== undefined;
  const more = counted.length > 1 ? ` (+${counted.length - 1} more)` : '';
  return {
    result: said === (rule.type === 'phrase_present') ? 'passed' : 'failed',
    reason: said
      ? `${describeMatch(first)}${more}`
      : `No listed phrase said ${describeScope(rule)}${negatedNote(negated)}`,
    evidence: toEvidence(uniqueSegments(counted)),
  };
}

function speaksInAnalysis(analysis: CallAnalysis, speaker: SpeakerFilter): boolean {
  return analysis.speakers.some((stats) => speaker === 'any' || stats.role === speaker);
}

function evaluateMinQuestions(
  rule: MinQuestionsRule,
  context: ScoringContext,
  analysis: CallAnalysis,
): RuleOutcome {
  if (!speaksInAnalysis(analysis, rule.speaker)) {
    return notApplicable(`No speech by ${SPEAKER_LABEL[rule.speaker]}`);
  }
  const asked =
    rule.speaker === 'any'
      ? analysis.questions.agent + analysis.questions.customer
      : analysis.questions[rule.speaker];
  const who = SPEAKER_LABEL[rule.speaker];
  const segments = segmentsOf(context, rule.speaker);
  const questions = Array.isArray(segments)
    ? segments.filter((segment) => segment.text.includes('?'))
    : [];
  return {
    result: asked >= rule.count ? 'passed' : 'failed',
    reason: `${asked} question${asked === 1 ? '' : 's'} asked by ${who} (minimum ${rule.count})`,
    evidence: toEvidence(questions),
  };
}

function evaluateMaxTalkRatio(rule: MaxTalkRatioRule, analysis: CallAnalysis): RuleOutcome {
  if (!analysis.speakers.some((stats) => stats.talk_seconds > 0)) {
    return notApplicable('No talk time in the call analysis');
  }
  const ratio = analysis.agent_talk_ratio;
  return {
    result: ratio <= rule.max ? 'passed' : 'failed',
    reason: `The agent talked ${formatPercent(ratio)} of the time (maximum ${formatPercent(rule.max)})`,
    evidence: [],
  };
}

function evaluateMaxMonologue(
  rule: MaxMonologueSecondsRule,
  context: ScoringContext,
  analysis: CallAnalysis,
): RuleOutcome {
  const monologue = analysis.longest_monologue;
  if (monologue === null) return notApplicable('No monologue in the call analysis');
  const within = context.segments.filter(
    (segment) =>
      segment.speaker === monologue.speaker &&
      segment.end > monologue.start &&
      segment.start < monologue.end,
  );
  return {
    result: monologue.seconds <= rule.max ? 'passed' : 'failed',
    reason: `Longest monologue ${formatNumber(monologue.seconds, 1)} s by ${monologue.speaker} at ${formatTime(monologue.start)} (maximum ${rule.max} s)`,
    evidence: toEvidence(within),
  };
}

function evaluateMinSentiment(rule: MinSentimentRule, analysis: CallAnalysis): RuleOutcome {
  const who = SPEAKER_LABEL[rule.speaker];
  const sentiment =
    rule.speaker === 'any' ? analysis.sentiment.overall : analysis.sentiment[rule.speaker];
  if (sentiment === null || !speaksInAnalysis(analysis, rule.speaker)) {
    return notApplicable(`No sentiment for ${who}`);
  }
  return {
    result: sentiment >= rule.min ? 'passed' : 'failed',
    reason: `Sentiment of ${who} is ${formatNumber(sentiment, 2)} (minimum ${rule.min})`,
    evidence: [],
  };
}

function evaluateAnalysisRule(
  rule: Exclude<ChecklistRule, PhrasePresentRule | PhraseAbsentRule>,
  context: ScoringContext,
): RuleOutcome {
  const { analysis } = context;
  if (analysis === null) return notApplicable('No call analysis');
  switch (rule.type) {
    case 'min_questions':
      return evaluateMinQuestions(rule, context, analysis);
    case 'max_talk_ratio':
      return evaluateMaxTalkRatio(rule, analysis);
    case 'max_monologue_seconds':
      return evaluateMaxMonologue(rule, context, analysis);
    case 'min_sentiment':
      return evaluateMinSentiment(rule, analysis);
  }
}

/**
 * Every rule judges what was said, so without a transcript (or with an empty one) every item is
 * not applicable, even when an analysis exists.
 */
export function evaluateRule(rule: ChecklistRule, input: ScoringInput): RuleOutcome {
  const { segments, analysis } = input;
  if (segments === null || segments.length === 0) return notApplicable('No transcript');
  const context: ScoringContext = { segments, analysis, roleOf: resolveRoles(segments, analysis) };
  switch (rule.type) {
    case 'phrase_present':
    case 'phrase_absent':
      return evaluatePhraseRule(rule, context);
    default:
      return evaluateAnalysisRule(rule, context);
  }
}
