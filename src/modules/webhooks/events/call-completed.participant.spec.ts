import type { EntityManager } from 'typeorm';
import { jest } from '@jest/globals';
import type { CallRecord } from '../../calls/call.types.js';
import type { EventOutbox } from '../outbox/event-outbox.service.js';
import { CallCompletedParticipant } from './call-completed.participant.js';

describe(CallCompletedParticipant.name, () => {
  const call = {
    id: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
    organizationId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
    externalId: 'zoom-883920114',
    userId: 'u_dana',
    status: 'completed',
    startedAt: new Date('2025-03-12T15:02:11.000Z'),
    durationSeconds: 58.4,
    contactId: null,
    qualityScore: 80,
    transcript: { segments: [] },
  } as unknown as CallRecord;

  it('records call.completed with the call summary in the completing transaction', async () => {
    const record = jest.fn<EventOutbox['record']>();
    const sut = new CallCompletedParticipant({ record } as unknown as EventOutbox);
    const manager = {} as EntityManager;

    await sut.onCallCompleted(call, manager);

    expect(record).toHaveBeenCalledWith(manager, {
      organizationId: call.organizationId,
      type: 'call.completed',
      data: {
        id: call.id,
        external_id: 'zoom-883920114',
        user_id: 'u_dana',
        status: 'completed',
        started_at: '2025-03-12T15:02:11.000Z',
        duration_seconds: 58.4,
        contact_id: null,
        quality_score: 80,
      },
    });
  });
});
