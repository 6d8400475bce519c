/** Every queue of the service, named once. */
export enum QueueName {
  Calls = 'calls',
  Webhooks = 'webhooks',
  Crm = 'crm',
  Quality = 'quality',
}

export const ALL_QUEUES = Object.values(QueueName);
