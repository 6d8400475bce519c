/** The quality result stored with a call (JSONB, snake_case) and returned by `GET /v1/calls/{id}/quality`. */

export type QualityItemOutcome = 'passed' | 'failed' | 'not_applicable';

/** A transcript segment that supports an item's result; `quote` is the segment text, at most 300 characters. */
export interface QualityEvidence {
  speaker: string;
  start: number;
  end: number;
  quote: string;
}

/** A reviewer's answer for one item; it replaces `result` while `automatic_result` keeps the scorer's. */
export interface QualityOverride {
  passed: boolean;
  note: string;
  by_key_id: string;
  /** ISO 8601 timestamp. */
  at: string;
}

export interface QualityItemResult {
  item_id: string;
  name: string;
  /** The result that counts: the override's when there is one, else the automatic one. */
  result: QualityItemOutcome;
  weight: number;
  /** `weight` when the item passed, otherwise 0; kept even when an auto-fail zeroes the score. */
  points_earned: number;
  /** One line explaining the automatic result; `reason` and `evidence` are not changed by an override. */
  reason: string;
  auto_fail: boolean;
  evidence: QualityEvidence[];
  automatic_result: QualityItemOutcome;
  override: QualityOverride | null;
}

export interface QualityScoreSummary {
  /**
   * 0–100 with one decimal: 100 × (weights of passed items) / (weights of applicable items).
   * 0 when an `auto_fail` item failed; null when no item was applicable (nothing to score).
   */
  score: number | null;
  passed_items: number;
  failed_items: number;
  not_applicable_items: number;
  auto_failed: boolean;
}

export interface QualityResult extends QualityScoreSummary {
  checklist_id: string;
  checklist_version: number;
  items: QualityItemResult[];
}
