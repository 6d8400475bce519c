/** Scoring a completed call again, against a given checklist version. */
export const RESCORE_CALL_JOB = 'rescore-call';

export interface RescoreCallJob {
  organizationId: string;
  callId: string;
  /** The version announced in the 202, so a later replacement does not change what was promised. */
  checklistId: string;
}
