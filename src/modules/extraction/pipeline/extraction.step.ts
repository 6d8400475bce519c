import { Injectable } from '@nestjs/common';
import type { CallRecord } from '../../calls/call.types.js';
import {
  CallPipelineStep,
  PipelineStep,
  type PipelineContext,
  type StepOutcome,
} from '../../calls/pipeline/call-pipeline-step.js';
import { ContactsService } from '../../contacts/contacts.service.js';
import { EventOutbox } from '../../webhooks/outbox/event-outbox.service.js';
import { contactGapsOf, extractionSummary } from '../extraction-outputs.js';
import { ExtractionReader } from '../extraction-reader.js';

/**
 * Step 6: structured data from the transcript. The pipeline stores it when it finishes the call
 * (completes it, or fails it in a later step), in the transaction that also records the
 * `call.data.extracted` event and fills what the call's contact lacks from what the customer
 * said about themselves (e-mail, phone, company). A call that already has its data is left as
 * it is.
 */
@Injectable()
@CallPipelineStep(60)
export class ExtractionStep implements PipelineStep {
  readonly name = 'extraction';

  constructor(
    private readonly outbox: EventOutbox,
    private readonly contacts: ContactsService,
    private readonly nlp: ExtractionReader,
  ) {}

  async run(call: CallRecord, context: PipelineContext): Promise<StepOutcome | void> {
    const segments = call.transcript?.segments ?? [];
    if (segments.length === 0 || !call.analysis || call.extractedData) return;
    const organization = await context.organization();
    const agentSpeaker = call.analysis.agent_speaker;
    const extracted = await this.nlp.extract(segments, {
      startedAt: call.startedAt,
      agentSpeaker,
      defaultRegion: organization.defaultRegion,
    });
    return {
      results: { extractedData: extracted },
      onFinished: async (stored, manager) => {
        if (stored.contactId)
          await this.contacts.fillGaps(
            stored.organizationId,
            stored.contactId,
            contactGapsOf(extracted, agentSpeaker),
            manager,
          );
        await this.outbox.record(manager, {
          organizationId: stored.organizationId,
          type: 'call.data.extracted',
          data: extractionSummary(stored.id, extracted),
        });
      },
    };
  }
}
