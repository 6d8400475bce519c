import type { Schemas } from '../../common/http/openapi-types.js';
import type { StoredCallQuality } from '../calls/call.types.js';
import type { ChecklistRule } from './checklists/checklist.types.js';
import type { QualityChecklist } from './checklists/quality-checklist.entity.js';

export type StoredQuality = StoredCallQuality;

function toRuleResponse(rule: ChecklistRule): Schemas['ChecklistRule'] {
  switch (rule.type) {
    case 'phrase_present':
    case 'phrase_absent':
      return { ...rule, phrases: [...rule.phrases], speaker: rule.speaker ?? 'any' };
    default:
      return { ...rule };
  }
}

export function toChecklistResponse(checklist: QualityChecklist): Schemas['Checklist'] {
  return {
    id: checklist.id,
    version: checklist.version,
    name: checklist.name,
    created_at: checklist.createdAt.toISOString(),
    items: checklist.items.map((item) => ({
      id: item.id,
      name: item.name,
      description: item.description,
      weight: item.weight,
      auto_fail: item.auto_fail,
      rule: toRuleResponse(item.rule),
    })),
  };
}

export function toCallQuality(quality: StoredQuality): Schemas['CallQuality'] {
  return {
    checklist_id: quality.checklist_id,
    checklist_version: quality.checklist_version,
    score: quality.score,
    passed_items: quality.passed_items,
    failed_items: quality.failed_items,
    not_applicable_items: quality.not_applicable_items,
    auto_failed: quality.auto_failed,
    scored_at: quality.scored_at,
    items: quality.items.map((item) => ({
      item_id: item.item_id,
      name: item.name,
      result: item.result,
      weight: item.weight,
      points_earned: item.points_earned,
      reason: item.reason,
      auto_fail: item.auto_fail,
      evidence: item.evidence.map(({ speaker, start, end, quote }) => ({
        speaker,
        start,
        end,
        quote,
      })),
      automatic_result: item.automatic_result,
      override: item.override && { ...item.override },
    })),
  };
}

export function toRescoreJob(callId: string, checklist: QualityChecklist): Schemas['RescoreJob'] {
  return {
    call_id: callId,
    status: 'queued',
    checklist_id: checklist.id,
    checklist_version: checklist.version,
  };
}
