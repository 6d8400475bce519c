import { Injectable } from '@nestjs/common';
import type { CallRecord } from '../../calls/call.types.js';
import {
  CallPipelineStep,
  PipelineStep,
  type StepOutcome,
} from '../../calls/pipeline/call-pipeline-step.js';
import { ContactsService } from '../contacts.service.js';

/** Step 4: the call's other party becomes a contact, new or de-duplicated against existing ones. */
@Injectable()
@CallPipelineStep(40)
export class ContactStep implements PipelineStep {
  readonly name = 'contact';

  constructor(private readonly contacts: ContactsService) {}

  async run(call: CallRecord): Promise<StepOutcome | void> {
    if (call.contactId || !call.contactInput) return;
    const contactId = await this.contacts.linkCall(call.organizationId, call.id);
    if (contactId) return { stored: { contactId } };
  }
}
