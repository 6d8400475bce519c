import { Global, Module } from '@nestjs/common';
import { EventOutbox } from './event-outbox.service.js';

/** Global so any feature can record events without importing the webhooks module. */
@Global()
@Module({ providers: [EventOutbox], exports: [EventOutbox] })
export class OutboxModule {}
