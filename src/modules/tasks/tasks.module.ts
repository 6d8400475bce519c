import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { IntegrationsModule } from '../integrations/integrations.module.js';
import { TaskDetectionStep } from './task-detection.step.js';
import { TasksController } from './tasks.controller.js';
import { TasksService } from './tasks.service.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Task } from './task.entity.js';

/** Tasks detected in calls: the pipeline step that creates them and the resource that reads and edits them. */
@Module({
  imports: [TypeOrmModule.forFeature([Task]), IntegrationsModule, AnalyticsModule],
  controllers: [TasksController],
  providers: [TasksService, TaskDetectionStep],
})
export class TasksModule {}
