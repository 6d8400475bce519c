import type { Schemas } from '../../common/http/openapi-types.js';
import type { ChecklistRule } from './checklists/checklist.types.js';
import type { QualityChecklist } from './checklists/quality-checklist.entity.js';

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

export function toRescoreJob(callId: string, checklist: QualityChecklist): Schemas['RescoreJob'] {
  return {
    call_id: callId,
    status: 'queued',
    checklist_id: checklist.id,
    checklist_version: checklist.version,
  };
}
