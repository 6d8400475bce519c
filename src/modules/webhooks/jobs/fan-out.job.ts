/** Finding the endpoints subscribed to one event and queueing a delivery to each. */
export const FAN_OUT_JOB = 'fan-out';

export interface FanOutJob {
  eventId: string;
}
