/** One delivery attempt of an event to one endpoint; the job id is the delivery id by default. */
export const DELIVER_JOB = 'deliver';

export interface DeliverJob {
  deliveryId: string;
  endpointId: string;
  /** How often this attempt already waited for its endpoint's concurrency limit. */
  deferrals?: number;
}
