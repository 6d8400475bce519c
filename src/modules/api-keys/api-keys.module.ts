import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { ApiKey } from './api-key.entity.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysService } from './api-keys.service.js';
import { MeController } from './me.controller.js';
import { OrganizationOnboardingController } from './organization-onboarding.controller.js';
import { OrganizationOnboarding } from './organization-onboarding.service.js';

/**
 * Keys and what they open: key management and storage, the caller's view (`/me`), and a new
 * organization's first key. Keys belong to organizations, so this module imports
 * OrganizationsModule. AuthModule depends on this module (authenticating reads keys) and hears
 * of key changes through `ApiKeysService.onChange`, so this one does not import it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ApiKey]), OrganizationsModule],
  controllers: [ApiKeysController, MeController, OrganizationOnboardingController],
  providers: [ApiKeysService, ApiKeyRepository, OrganizationOnboarding],
  exports: [ApiKeysService, OrganizationOnboarding],
})
export class ApiKeysModule {}
