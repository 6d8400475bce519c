import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Schemas } from '../../../common/http/openapi-types.js';
import type { CallRecord } from '../../calls/call.types.js';
import {
  CallCompletionParticipant,
  type CompletionParticipant,
} from '../../calls/pipeline/call-pipeline-step.js';
import { EventOutbox } from '../outbox/event-outbox.service.js';

/** The call summary a `call.completed` event carries; receivers fetch the rest from the API. */
export function toCallCompletedData(call: CallRecord): Schemas['CallCompletedData'] {
  return {
    id: call.id,
    external_id: call.externalId,
    user_id: call.userId,
    status: call.status,
    started_at: call.startedAt.toISOString(),
    duration_seconds: call.durationSeconds,
    contact_id: call.contactId,
    quality_score: call.qualityScore,
  };
}

/** Records `call.completed` in the transaction that completes the call: no event for a rollback. */
@Injectable()
@CallCompletionParticipant()
export class CallCompletedParticipant implements CompletionParticipant {
  constructor(private readonly outbox: EventOutbox) {}

  async onCallCompleted(call: CallRecord, manager: EntityManager): Promise<void> {
    await this.outbox.record(manager, {
      organizationId: call.organizationId,
      type: 'call.completed',
      data: toCallCompletedData(call),
    });
  }
}
