import type { VersionedChecklist } from '../checklists/checklist.types.js';
import type {
  QualityItemOutcome,
  QualityItemResult,
  QualityOverride,
  QualityResult,
  QualityScoreSummary,
} from './quality-result.types.js';
import { evaluateRule, type ScoringInput } from './rule-evaluator.js';

/** Thrown by applyOverride for an item id the result does not contain (maps to 404 NOT_FOUND). */
export class QualityItemNotFoundError extends Error {
  readonly code = 'NOT_FOUND';

  constructor(readonly itemId: string) {
    super(`Checklist item "${itemId}" is not part of this quality result`);
    this.name = QualityItemNotFoundError.name;
  }
}

function pointsFor(result: QualityItemOutcome, weight: number): number {
  return result === 'passed' ? weight : 0;
}

/** See QualityScoreSummary for the formula; counts and score follow each item's current `result`. */
export function recomputeScore(items: readonly QualityItemResult[]): QualityScoreSummary {
  const passed = items.filter((item) => item.result === 'passed');
  const failed = items.filter((item) => item.result === 'failed');
  const autoFailed = failed.some((item) => item.auto_fail);
  const applicableWeight = [...passed, ...failed].reduce((sum, item) => sum + item.weight, 0);
  const earned = passed.reduce((sum, item) => sum + item.weight, 0);
  let score: number | null = null;
  if (autoFailed) {
    score = 0;
  } else if (applicableWeight > 0) {
    score = Math.round((1000 * earned) / applicableWeight) / 10;
  }
  return {
    score,
    passed_items: passed.length,
    failed_items: failed.length,
    not_applicable_items: items.length - passed.length - failed.length,
    auto_failed: autoFailed,
  };
}

/** Scores one call against one checklist version; pure, so rescoring the same input gives the same result. */
export function scoreCall(checklist: VersionedChecklist, input: ScoringInput): QualityResult {
  const items = checklist.items.map((item): QualityItemResult => {
    const outcome = evaluateRule(item.rule, input);
    return {
      item_id: item.id,
      name: item.name,
      result: outcome.result,
      weight: item.weight,
      points_earned: pointsFor(outcome.result, item.weight),
      reason: outcome.reason,
      auto_fail: item.auto_fail,
      evidence: outcome.evidence,
      automatic_result: outcome.result,
      override: null,
    };
  });
  return {
    checklist_id: checklist.id,
    checklist_version: checklist.version,
    ...recomputeScore(items),
    items,
  };
}

/**
 * A reviewer's answer replaces the item's `result` (a later override replaces an earlier one) and
 * the score is recomputed; `automatic_result`, `reason` and `evidence` stay as the scorer left them.
 * Overriding a failed auto-fail item to passed lifts the auto-fail.
 */
export function applyOverride(
  result: QualityResult,
  itemId: string,
  override: QualityOverride,
): QualityResult {
  if (!result.items.some((item) => item.item_id === itemId)) {
    throw new QualityItemNotFoundError(itemId);
  }
  const items = result.items.map((item): QualityItemResult => {
    if (item.item_id !== itemId) return item;
    const outcome: QualityItemOutcome = override.passed ? 'passed' : 'failed';
    return {
      ...item,
      result: outcome,
      points_earned: pointsFor(outcome, item.weight),
      override: { ...override },
    };
  });
  return { ...result, ...recomputeScore(items), items };
}

/**
 * A rescore starts from the scorer's new answers; reviewers' overrides of items the new result
 * still has are applied again, and overrides of items the checklist dropped lapse with them.
 */
export function reapplyOverrides(
  result: QualityResult,
  previous: Pick<QualityResult, 'items'> | null,
): QualityResult {
  const itemIds = new Set(result.items.map((item) => item.item_id));
  return (previous?.items ?? []).reduce(
    (current, item) =>
      item.override && itemIds.has(item.item_id)
        ? applyOverride(current, item.item_id, item.override)
        : current,
    result,
  );
}
