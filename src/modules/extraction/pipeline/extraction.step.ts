import { Injectable } from '@nestjs/common';
import { Transactions } from '../../../database/transactions.js';
import type { CallRecord } from '../../calls/call.types.js';
import { CallsService } from '../../calls/calls.service.js';
import {
  CallPipelineStep,
  PipelineStep,
  type StepChanges,
} from '../../calls/pipeline/call-pipeline-step.js';
import { ContactsService } from '../../contacts/contacts.service.js';
import { OrganizationsService } from '../../organizations/organizations.service.js';
import { EventOutbox } from '../../webhooks/outbox/event-outbox.service.js';
import { contactGapsOf, extractionSummary } from '../extraction-outputs.js';
import { ExtractionReader } from '../extraction-reader.js';

/**
 * Step 6: structured data from the transcript, stored on the call with its
 * `call.data.extracted` event in one transaction. A call that already has its data (a
 * retried job) is left as it is, so the event is recorded once. What the customer said
 * about themselves (e-mail, phone, company) fills what the call's contact lacks.
 */
@Injectable()
@CallPipelineStep(60)
export class ExtractionStep implements PipelineStep {
  readonly name = 'extraction';

  constructor(
    private readonly transactions: Transactions,
    private readonly calls: CallsService,
    private readonly outbox: EventOutbox,
    private readonly contacts: ContactsService,
    private readonly nlp: ExtractionReader,
    private readonly organizations: OrganizationsService,
  ) {}

  async run(call: CallRecord): Promise<StepChanges | void> {
    const segments = call.transcript?.segments ?? [];
    if (segments.length === 0 || !call.analysis || call.extractedData) return;
    const organization = await this.organizations.get(call.organizationId);
    const agentSpeaker = call.analysis.agent_speaker;
    const extracted = await this.nlp.extract(segments, {
      startedAt: call.startedAt,
      agentSpeaker,
      defaultRegion: organization.defaultRegion,
    });
    return this.transactions.run(async (manager) => {
      const { stored, results } = await this.calls.saveResultsOnce(
        call.organizationId,
        call.id,
        'extractedData',
        { extractedData: extracted },
        manager,
      );
      // Another run of this call stored first: the later steps get what it stored.
      if (!stored) return results;
      if (call.contactId)
        await this.contacts.fillGaps(
          call.organizationId,
          call.contactId,
          contactGapsOf(extracted, agentSpeaker),
          manager,
        );
      await this.outbox.record(manager, {
        organizationId: call.organizationId,
        type: 'call.data.extracted',
        data: extractionSummary(call.id, extracted),
      });
      return results;
    });
  }
}
