import { Module } from '@nestjs/common';
import { IntegrationsModule } from '../../integrations.module.js';
import { CrmSyncProcessor } from './crm-sync.processor.js';

/** The CRM queue's processor, loaded only by processes that consume jobs (see QueueModule). */
@Module({ imports: [IntegrationsModule], providers: [CrmSyncProcessor] })
export class CrmJobsModule {}
