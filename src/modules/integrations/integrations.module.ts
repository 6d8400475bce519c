import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CrmIntegrationsController } from './crm/crm-integrations.controller.js';
import { CrmIntegrationsService } from './crm/crm-integrations.service.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CrmIntegration } from './crm/crm-integration.entity.js';
import { CrmIntegrationRepository } from './crm/crm-integration.repository.js';

/**
 * The organization's CRM connection: its settings, its sealed token and the HubSpot client.
 * The tasks module pushes tasks through what this module exports.
 */
@Module({
  imports: [TypeOrmModule.forFeature([CrmIntegration]), DiscoveryModule],
  controllers: [CrmIntegrationsController],
  providers: [CrmIntegrationsService, CrmIntegrationRepository],
  exports: [CrmIntegrationsService],
})
export class IntegrationsModule {}
