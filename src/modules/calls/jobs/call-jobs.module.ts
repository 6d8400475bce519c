import { Module } from '@nestjs/common';
import { CallsModule } from '../calls.module.js';
import { ProcessCallProcessor } from './process-call.processor.js';

/** The calls queue's processor, loaded only by processes that consume jobs (see QueueModule). */
@Module({ imports: [CallsModule], providers: [ProcessCallProcessor] })
export class CallJobsModule {}
