import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CallRecord } from '../../calls/call.types.js';
import {
  CallCompletionParticipant,
  CompletionParticipant,
} from '../../calls/pipeline/call-pipeline-step.js';
import { ContactsService } from '../contacts.service.js';

/** call_count, first_call_at and last_call_at move when a call completes, which happens once per call. */
@Injectable()
@CallCompletionParticipant()
export class ContactCountersParticipant implements CompletionParticipant {
  constructor(private readonly contacts: ContactsService) {}

  onCallCompleted(call: CallRecord, manager: EntityManager): Promise<void> {
    return this.contacts.countCompletedCall(call, manager);
  }
}
