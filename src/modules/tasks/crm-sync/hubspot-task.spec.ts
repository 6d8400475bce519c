import { Task } from '../task.entity.js';
import { toHubSpotTask } from './hubspot-task.js';

function task(overrides: Partial<Task> = {}): Task {
  return Object.assign(new Task(), {
    id: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
    organizationId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    callId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    title: 'Send the loan estimate',
    description: 'Promised on the call: "I\'ll send you the loan estimate by Friday."',
    dueAt: new Date('2025-03-14T17:00:00.000Z'),
    assigneeUserId: 'u_dana',
    status: 'open',
    source: {
      speaker: 'Dana',
      role: 'agent',
      quote: "I'll send you the loan estimate by Friday.",
      start: 125.4,
      segment_index: 9,
    },
    ...overrides,
  });
}

describe(toHubSpotTask.name, () => {
  const sut = toHubSpotTask;

  it('carries the title, the promise, the due date and an open status', () => {
    expect(sut(task())).toEqual({
      ailaTaskId: 'e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b',
      subject: 'Send the loan estimate',
      body: 'Promised on the call: "I\'ll send you the loan estimate by Friday."\n\nAila call 3fa85f64-5717-4562-b3fc-2c963f66afa6',
      dueAt: new Date('2025-03-14T17:00:00.000Z'),
      status: 'NOT_STARTED',
      priority: 'MEDIUM',
    });
  });

  it('associates the contact when its HubSpot id is known', () => {
    expect(sut(task(), '5101').contactId).toBe('5101');
  });

  it('sends a completed task as completed and cuts a long title to 255 characters', () => {
    const result = sut(task({ status: 'completed', title: 'x'.repeat(300), description: null }));

    expect(result.status).toBe('COMPLETED');
    expect(result.subject).toHaveLength(255);
    expect(result.body).toBe('Aila call 3fa85f64-5717-4562-b3fc-2c963f66afa6');
  });
});
