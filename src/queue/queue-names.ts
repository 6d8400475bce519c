/** Every queue of the service, named once. */
export enum QueueName {
  Calls = 'calls',
  Webhooks = 'webhooks',
  Crm = 'crm',
}

export const ALL_QUEUES = Object.values(QueueName);
