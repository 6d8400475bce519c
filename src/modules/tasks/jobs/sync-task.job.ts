/** Pushing one task to its organization's CRM; the job id is the task id. */
export const SYNC_TASK_JOB = 'sync-task';

export interface SyncTaskJob {
  organizationId: string;
  taskId: string;
}
