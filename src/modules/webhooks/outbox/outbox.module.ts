import { Global, Module } from '@nestjs/common';
import { EventOutbox } from './event-outbox.service.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { WebhookEvent } from './webhook-event.entity.js';

/** Global so any feature can record events without importing the webhooks module. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([WebhookEvent])],
  providers: [EventOutbox],
  exports: [EventOutbox],
})
export class OutboxModule {}
