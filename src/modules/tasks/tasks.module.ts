import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { CallsModule } from '../calls/calls.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { IntegrationsModule } from '../integrations/integrations.module.js';
import { CrmSync } from './crm-sync/crm-sync.service.js';
import { UnsyncedTasksSweep } from './jobs/unsynced-tasks.sweep.js';
import { TaskDetectionStep } from './pipeline/task-detection.step.js';
import { TranscriptReader } from './pipeline/transcript-reader.js';
import { Task } from './task.entity.js';
import { TaskRepository } from './task.repository.js';
import { TasksController } from './tasks.controller.js';
import { TasksService } from './tasks.service.js';

/**
 * Tasks detected in calls: the pipeline step that creates them, the resource that reads and
 * edits them, and their push to the organization's CRM (CrmSync, exported for its processor).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Task]),
    CallsModule,
    ContactsModule,
    IntegrationsModule,
    AnalyticsModule,
  ],
  controllers: [TasksController],
  providers: [
    TasksService,
    TaskRepository,
    TranscriptReader,
    TaskDetectionStep,
    CrmSync,
    UnsyncedTasksSweep,
  ],
  exports: [CrmSync],
})
export class TasksModule {}
