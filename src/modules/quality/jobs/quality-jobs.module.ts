import { Module } from '@nestjs/common';
import { QualityModule } from '../quality.module.js';
import { RescoreCallProcessor } from './rescore-call.processor.js';

/** The quality queue's processor, loaded only by processes that consume jobs (see QueueModule). */
@Module({ imports: [QualityModule], providers: [RescoreCallProcessor] })
export class QualityJobsModule {}
