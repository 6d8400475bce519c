import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks.module.js';
import { DeliverProcessor } from './deliver.processor.js';
import { FanOutProcessor } from './fan-out.processor.js';

/** The webhooks queue's processors, loaded only by processes that consume jobs (see QueueModule). */
@Module({ imports: [WebhooksModule], providers: [FanOutProcessor, DeliverProcessor] })
export class WebhookJobsModule {}
