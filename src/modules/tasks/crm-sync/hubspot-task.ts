import type { Task } from '../task.entity.js';
import type { HubSpotTaskInput } from '../../integrations/hubspot/hubspot-client.js';

/** HubSpot limits hs_task_subject to 255 characters. */
const SUBJECT_MAX = 255;

/**
 * The HubSpot copy of a task: its title, its description (who promised what, when in the call),
 * the Aila call it came from, its due date and status, and the Aila task id that finds it again.
 */
export function toHubSpotTask(task: Task, contactId?: string): HubSpotTaskInput {
  const body = [task.description, `Aila call ${task.callId}`].filter(Boolean).join('\n\n');
  return {
    ailaTaskId: task.id,
    subject: task.title.slice(0, SUBJECT_MAX),
    body,
    dueAt: task.dueAt,
    status: task.status === 'completed' ? 'COMPLETED' : 'NOT_STARTED',
    priority: 'MEDIUM',
    ...(contactId === undefined ? {} : { contactId }),
  };
}
