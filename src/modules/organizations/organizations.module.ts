import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { MeController } from './me.controller.js';
import { OrganizationsController } from './organizations.controller.js';
import { OrganizationsService } from './organizations.service.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Organization } from './organization.entity.js';
import { OrganizationRepository } from './organization.repository.js';

@Module({
  imports: [TypeOrmModule.forFeature([Organization]), ApiKeysModule, AuthModule],
  controllers: [OrganizationsController, MeController],
  providers: [OrganizationsService, OrganizationRepository],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}
