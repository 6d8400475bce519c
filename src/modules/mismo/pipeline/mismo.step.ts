import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import type { CallRecord, ContactInput } from '../../calls/call.types.js';
import {
  CallPipelineStep,
  PipelineStep,
  type PipelineContext,
  type StepOutcome,
} from '../../calls/pipeline/call-pipeline-step.js';
import { ContactsService } from '../../contacts/contacts.service.js';
import { EventOutbox } from '../../webhooks/outbox/event-outbox.service.js';
import { buildMismoXml } from '../mismo-builder.js';
import { toMismoInput } from '../mismo-input.js';

/**
 * Step 8: a MISMO 3.4 document for a call about a loan (extraction found mortgage fields),
 * or for every call of a `mortgage` organization. The pipeline stores it when it finishes the
 * call, in the transaction that also records its `mismo.ready` event. A call that already has
 * its document is left as it is.
 */
@Injectable()
@CallPipelineStep(80)
export class MismoStep implements PipelineStep {
  readonly name = 'mismo';

  constructor(
    private readonly outbox: EventOutbox,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly contacts: ContactsService,
  ) {}

  async run(call: CallRecord, context: PipelineContext): Promise<StepOutcome | void> {
    if (call.mismoXml) return;
    const organization = await context.organization();
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
    return {
      results: { mismoXml: xml },
      onFinished: async (stored, manager) => {
        await this.outbox.record(manager, {
          organizationId: stored.organizationId,
          type: 'mismo.ready',
          data: { call_id: stored.id, url: this.documentUrl(stored.id) },
        });
      },
    };
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
