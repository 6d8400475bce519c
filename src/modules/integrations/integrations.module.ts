import { Module } from '@nestjs/common';
import { CrmIntegrationsController } from './crm/crm-integrations.controller.js';
import { CrmIntegrationsService } from './crm/crm-integrations.service.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CrmIntegration } from './crm/crm-integration.entity.js';

/**
 * The organization's CRM connection: its settings, its sealed token and the HubSpot client.
 * The tasks module pushes tasks through what this module exports.
 */
@Module({
  imports: [TypeOrmModule.forFeature([CrmIntegration])],
  controllers: [CrmIntegrationsController],
  providers: [CrmIntegrationsService],
  exports: [CrmIntegrationsService],
})
export class IntegrationsModule {}
