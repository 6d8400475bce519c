import type { Schemas } from '../../common/http/openapi-types.js';
import type { Task } from './task.entity.js';

/** A task's CRM state, for a task that has been handed to a CRM. */
export function toTaskCrmSync(
  task: Task & { crmProvider: NonNullable<Task['crmProvider']> },
): Schemas['TaskCrmSync'] {
  return {
    provider: task.crmProvider,
    external_id: task.crmExternalId,
    synced_at: task.crmSyncedAt?.toISOString() ?? null,
    last_error: task.crmLastError,
  };
}

export function toTaskResponse(task: Task): Schemas['Task'] {
  return {
    id: task.id,
    call_id: task.callId,
    title: task.title,
    description: task.description,
    due_at: task.dueAt?.toISOString() ?? null,
    assignee_user_id: task.assigneeUserId,
    status: task.status,
    source: { speaker: task.source.speaker, quote: task.source.quote, start: task.source.start },
    crm: task.crmProvider ? toTaskCrmSync({ ...task, crmProvider: task.crmProvider }) : null,
    created_at: task.createdAt.toISOString(),
    updated_at: task.updatedAt.toISOString(),
  };
}
