import type { Schemas } from '../../../common/http/openapi-types.js';

/**
 * The scorer's result is the contract's `CallQuality` without `scored_at`, which the quality
 * service adds when it stores the result on the call (as `StoredCallQuality`) and
 * `GET /v1/calls/{id}/quality` returns. Named from the generated schemas, so the scorer, the
 * stored column and the API cannot drift apart.
 */

export type QualityItemOutcome = Schemas['QualityOutcome'];

/** A transcript segment that supports an item's result; `quote` is the segment text, at most 300 characters. */
export type QualityEvidence = Schemas['QualityEvidence'];

/** A reviewer's answer for one item; it replaces `result` while `automatic_result` keeps the scorer's. */
export type QualityOverride = Schemas['QualityOverride'];

/**
 * `result` is the override's when there is one, else the automatic one; `points_earned` is
 * `weight` when the item passed, otherwise 0 (kept even when an auto-fail zeroes the score);
 * `reason` and `evidence` are not changed by an override.
 */
export type QualityItemResult = Schemas['QualityItemResult'];

/**
 * `score` is 0–100 with one decimal: 100 × (weights of passed items) / (weights of applicable
 * items); 0 when an `auto_fail` item failed; null when no item was applicable (nothing to score).
 */
export type QualityScoreSummary = Pick<
  Schemas['CallQuality'],
  'score' | 'passed_items' | 'failed_items' | 'not_applicable_items' | 'auto_failed'
>;

export type QualityResult = Omit<Schemas['CallQuality'], 'scored_at'>;
