import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { Call, ContactInput } from '../calls/call.entity.js';
import { CallPipelineStep, PipelineStep } from '../calls/pipeline/call-pipeline-step.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { Organization } from '../organizations/organization.entity.js';
import { EventOutbox } from '../webhooks/outbox/event-outbox.service.js';
import { buildMismoXml } from './mismo-builder.js';
import { toMismoInput } from './mismo-input.js';

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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: EventOutbox,
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly contacts: ContactsService,
  ) {}

  async run(call: Call): Promise<void> {
    if (call.mismoXml) return;
    const organization = await this.dataSource
      .getRepository(Organization)
      .findOneByOrFail({ id: call.organizationId });
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
    await this.dataSource.transaction(async (manager) => {
      const current = await manager.findOne(Call, {
        where: { id: call.id, organizationId: call.organizationId },
        select: { id: true, mismoXml: true },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current || current.mismoXml) return;
      await manager.update(
        Call,
        { id: call.id, organizationId: call.organizationId },
        { mismoXml: xml },
      );
      await this.outbox.record(manager, {
        organizationId: call.organizationId,
        type: 'mismo.ready',
        data: { call_id: call.id, url: this.documentUrl(call.id) },
      });
    });
  }

  /** The linked contact, else the details given at upload. */
  private async contactOf(call: Call): Promise<ContactInput | null> {
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
