/** The two jobs of the webhooks queue: one fan-out per event, then one delivery per attempt. */
export const FAN_OUT_JOB = 'fan-out';
export const DELIVER_JOB = 'deliver';

export interface FanOutJob {
  eventId: string;
}

export interface DeliverJob {
  deliveryId: string;
  endpointId: string;
  /** How often this attempt already waited for its endpoint's concurrency limit. */
  deferrals?: number;
}
