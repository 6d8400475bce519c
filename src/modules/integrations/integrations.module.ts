import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { CrmIntegrationsController } from './crm/crm-integrations.controller.js';
import { CrmIntegrationsService } from './crm/crm-integrations.service.js';
import { CrmSync } from './crm/crm-sync.service.js';
import { UnsyncedTasksSweep } from './crm/unsynced-tasks.sweep.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CrmIntegration } from './crm/crm-integration.entity.js';

/** The CRM connection and the push of tasks to it. */
@Module({
  imports: [TypeOrmModule.forFeature([CrmIntegration]), CallsModule],
  controllers: [CrmIntegrationsController],
  providers: [CrmIntegrationsService, CrmSync, UnsyncedTasksSweep],
  exports: [CrmIntegrationsService, CrmSync],
})
export class IntegrationsModule {}
