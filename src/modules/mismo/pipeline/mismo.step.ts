import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import { Transactions } from '../../../database/transactions.js';
import type { CallRecord, ContactInput } from '../../calls/call.types.js';
import { CallsService } from '../../calls/calls.service.js';
import {
  CallPipelineStep,
  PipelineStep,
  type StepChanges,
} from '../../calls/pipeline/call-pipeline-step.js';
import { ContactsService } from '../../contacts/contacts.service.js';
import { OrganizationsService } from '../../organizations/organizations.service.js';
import { EventOutbox } from '../../webhooks/outbox/event-outbox.service.js';
import { buildMismoXml } from '../mismo-builder.js';
import { toMismoInput } from '../mismo-input.js';

/**
 * Step 8: a MISMO 3.4 document for a call about a loan (extraction found mortgage fields),
 * or for every call of a `mortgage` organization, stored with its `mismo.ready` event in one
 * transaction. A call that already has its document (a retried job) is left as it is.
 */
@Injectable()
@CallPipelineStep(80)
export class MismoStep implements PipelineStep {
  readonly name = 'mismo';

  constructor(
    private readonly transactions: Transactions,
    private readonly calls: CallsService,
    private readonly outbox: EventOutbox,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly organizations: OrganizationsService,
    private readonly contacts: ContactsService,
  ) {}

  async run(call: CallRecord): Promise<StepChanges | void> {
    if (call.mismoXml) return;
    const organization = await this.organizations.get(call.organizationId);
    if (!call.extractedData?.mortgage && organization.vertical !== 'mortgage') return;
    const xml = buildMismoXml(
      toMismoInput({
        callId: call.id,
        generatedAt: new Date(),
        extracted: call.extractedData,
        agentSpeaker: call.analysis?.agent_speaker ?? null,
        contact: await this.contactOf(call),
        defaultRegion: organization.defaultRegion,
      }),
    );
    return this.transactions.run(async (manager) => {
      const { stored, results } = await this.calls.saveResultsOnce(
        call.organizationId,
        call.id,
        'mismoXml',
        { mismoXml: xml },
        manager,
      );
      // Another run of this call stored first: the call keeps its document.
      if (!stored) return results;
      await this.outbox.record(manager, {
        organizationId: call.organizationId,
        type: 'mismo.ready',
        data: { call_id: call.id, url: this.documentUrl(call.id) },
      });
      return results;
    });
  }

  /** The linked contact, else the details given at upload. */
  private async contactOf(call: CallRecord): Promise<ContactInput | null> {
    const contact = call.contactId
      ? await this.contacts.find(call.organizationId, call.contactId)
      : null;
    if (!contact) return call.contactInput;
    return {
      name: contact.name ?? undefined,
      email: contact.emails[0],
      phone: contact.phones[0],
    };
  }

  private documentUrl(callId: string): string {
    const base =
      this.config.get('PUBLIC_BASE_URL', { infer: true }) ??
      `http://localhost:${this.config.get('PORT', { infer: true })}`;
    return `${base.replace(/\/+$/, '')}/v1/calls/${callId}/mismo`;
  }
}
