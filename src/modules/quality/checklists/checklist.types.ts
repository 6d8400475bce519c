/**
 * A quality checklist as stored (JSONB, snake_case) and as returned by `GET /v1/quality/checklist`.
 * Each item is scored by exactly one rule; see quality/scoring for how each rule type is evaluated.
 */

/** Whose speech a rule looks at. The agent is `CallAnalysis.agent_speaker`; every other speaker is a customer. */
export type SpeakerFilter = 'agent' | 'customer' | 'any';

export const SPEAKER_FILTERS: readonly SpeakerFilter[] = ['agent', 'customer', 'any'];

export const RULE_TYPES = [
  'phrase_present',
  'phrase_absent',
  'min_questions',
  'max_talk_ratio',
  'max_monologue_seconds',
  'min_sentiment',
] as const;

export type RuleType = (typeof RULE_TYPES)[number];

/**
 * Phrases are matched case- and punctuation-insensitively on whole words; `*` stands for exactly one
 * word (see scoring/phrase-matcher.ts for the full matching and negation rules).
 */
interface PhraseRuleFields {
  phrases: string[];
  /** Defaults to `any`. */
  speaker?: SpeakerFilter;
  /** Only matches estimated to start within this many seconds of the call's start count. */
  within_first_seconds?: number;
}

/** Passes when any phrase is said (not negated) by the speaker. */
export interface PhrasePresentRule extends PhraseRuleFields {
  type: 'phrase_present';
}

/** Passes when no phrase is said (not negated) by the speaker. */
export interface PhraseAbsentRule extends PhraseRuleFields {
  type: 'phrase_absent';
}

/** Passes when the speaker asked at least `count` questions (as counted by the call analysis). */
export interface MinQuestionsRule {
  type: 'min_questions';
  count: number;
  speaker: SpeakerFilter;
}

/** Passes when the agent's share of the talk time is at most `max` (0..1). */
export interface MaxTalkRatioRule {
  type: 'max_talk_ratio';
  max: number;
}

/** Passes when the call's longest monologue (per the call analysis) lasts at most `max` seconds. */
export interface MaxMonologueSecondsRule {
  type: 'max_monologue_seconds';
  max: number;
}

/** Passes when the speaker's sentiment (per the call analysis, -1..1) is at least `min`. */
export interface MinSentimentRule {
  type: 'min_sentiment';
  min: number;
  speaker: SpeakerFilter;
}

export type ChecklistRule =
  | PhrasePresentRule
  | PhraseAbsentRule
  | MinQuestionsRule
  | MaxTalkRatioRule
  | MaxMonologueSecondsRule
  | MinSentimentRule;

export interface ChecklistItem {
  /** A slug, unique within its checklist; overrides and results refer to items by it. */
  id: string;
  name: string;
  description: string;
  /** Relative weight (> 0); the score is weighted over the applicable items only. */
  weight: number;
  /** When true, failing this item sets the whole call's score to 0. */
  auto_fail: boolean;
  rule: ChecklistRule;
}

export interface ChecklistDefinition {
  name: string;
  items: ChecklistItem[];
}

/** The checklist version a call is scored against; results keep `id` and `version`. */
export interface VersionedChecklist {
  id: string;
  version: number;
  items: ChecklistItem[];
}
