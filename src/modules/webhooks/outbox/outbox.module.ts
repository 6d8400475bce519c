import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookEndpoint } from '../webhook-endpoint.entity.js';
import { WebhookEndpointRepository } from '../webhook-endpoint.repository.js';
import { EventOutbox } from './event-outbox.service.js';
import { WebhookEvent } from './webhook-event.entity.js';
import { WebhookEventRepository } from './webhook-event.repository.js';

/**
 * Global so any feature can record events without importing the webhooks module. It exports
 * EventOutbox only; its repositories stay inside (the webhooks module declares its own).
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEvent, WebhookEndpoint])],
  providers: [EventOutbox, WebhookEventRepository, WebhookEndpointRepository],
  exports: [EventOutbox],
})
export class OutboxModule {}
