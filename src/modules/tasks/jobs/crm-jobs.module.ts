import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks.module.js';
import { CrmSyncProcessor } from './crm-sync.processor.js';

/** The CRM queue's processor, loaded only by processes that consume jobs (see QueueModule). */
@Module({ imports: [TasksModule], providers: [CrmSyncProcessor] })
export class CrmJobsModule {}
