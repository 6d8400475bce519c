import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookEndpoint } from '../webhook-endpoint.entity.js';
import { WebhookEndpointRepository } from '../webhook-endpoint.repository.js';
import { EventOutbox } from './event-outbox.service.js';
import { WebhookEvent } from './webhook-event.entity.js';
import { WebhookEventRepository } from './webhook-event.repository.js';

/**
 * Global so any feature can record events without importing the webhooks module. It declares
 * the event and endpoint repositories once, for EventOutbox and for the webhooks module, which
 * imports them from here: two declarations would be two instances of each. Being global makes
 * them injectable anywhere; dependency-cruiser's foreign-repository rule keeps other features
 * from naming them.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEvent, WebhookEndpoint])],
  providers: [EventOutbox, WebhookEventRepository, WebhookEndpointRepository],
  exports: [EventOutbox, WebhookEventRepository, WebhookEndpointRepository],
})
export class OutboxModule {}
