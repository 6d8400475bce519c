import { jest } from '@jest/globals';
import type { EntityManager } from 'typeorm';
import type { Transactions } from '../../../database/transactions.js';
import type { JobOptions, JobQueue } from '../../../queue/job-queue.js';
import type { PeriodicTasks } from '../../../queue/periodic-tasks.service.js';
import { QueueName } from '../../../queue/queue-names.js';
import type { WebhookEventRepository } from '../outbox/webhook-event.repository.js';
import { OutboxDispatcher } from './outbox-dispatcher.service.js';
import { FAN_OUT_JOB } from './fan-out.job.js';

describe(OutboxDispatcher.name, () => {
  const pending = ['evt_a', 'evt_b', 'evt_c'];

  function setup(refuse: Set<string> = new Set()) {
    const marked: string[][] = [];
    const manager = {} as EntityManager;
    const lock = jest.fn(async (_limit: number, _manager: EntityManager) => pending);
    const events = {
      lockUndispatchedAcrossOrganizations: lock,
      markDispatchedAcrossOrganizations: async (ids: string[]) => {
        marked.push(ids);
      },
    } as unknown as WebhookEventRepository;
    const add = jest.fn(
      async (
        _queue: QueueName,
        _name: string,
        data: { eventId: string },
        _options?: JobOptions,
      ) => {
        if (refuse.has(data.eventId))
          throw new Error('Queue webhooks did not accept the job in time');
      },
    );
    const sut = new OutboxDispatcher(
      {} as Transactions,
      events,
      { add } as unknown as JobQueue,
      {} as PeriodicTasks,
    );
    return { sut, manager, lock, add, marked };
  }

  it('queues one fan-out job per event, keyed by the event id, and marks them dispatched', async () => {
    const { sut, manager, add, marked, lock } = setup();

    const dispatched = await sut.dispatchBatch(manager);

    expect(dispatched).toBe(3);
    expect(
      add.mock.calls.map(([queue, name, data, options]) => [queue, name, data, options?.jobId]),
    ).toEqual(pending.map((id) => [QueueName.Webhooks, FAN_OUT_JOB, { eventId: id }, id]));
    expect(marked).toEqual([pending]);
    expect(lock).toHaveBeenCalledWith(expect.any(Number), manager);
  });

  it('leaves events the queue refused undispatched, for the next run', async () => {
    const { sut, manager, marked } = setup(new Set(['evt_b']));

    const dispatched = await sut.dispatchBatch(manager);

    expect(dispatched).toBe(2);
    expect(marked).toEqual([['evt_a', 'evt_c']]);
  });

  it('marks nothing while Redis is down', async () => {
    const { sut, manager, marked } = setup(new Set(pending));

    const dispatched = await sut.dispatchBatch(manager);

    expect(dispatched).toBe(0);
    expect(marked).toEqual([]);
  });
});
