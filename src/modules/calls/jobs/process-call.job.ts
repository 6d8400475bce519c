/** Processing one accepted call through the pipeline; the job id is the call id. */
export const PROCESS_CALL_JOB = 'process-call';

export interface ProcessCallJob {
  callId: string;
  organizationId: string;
}
