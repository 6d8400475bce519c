import { Body, Controller, Post } from '@nestjs/common';
import { Authenticated } from '../../common/auth/authenticated.decorator.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { CreateOrganizationDto } from '../organizations/dto/organization.dto.js';
import { toOrganizationResponse } from '../organizations/organization.mapper.js';
import { toApiKeyWithSecret } from './api-key.mapper.js';
import { OrganizationOnboarding } from './organization-onboarding.service.js';

/** A new organization with its first admin key (platform:admin, the bootstrap key's scope). */
@Controller('organizations')
export class OrganizationOnboardingController {
  constructor(private readonly onboarding: OrganizationOnboarding) {}

  @Post()
  @Authenticated({ scope: 'platform:admin' })
  async create(@Body() dto: CreateOrganizationDto): Promise<Schemas['OrganizationWithKey']> {
    const { organization, key, secret } = await this.onboarding.create(dto);
    return {
      organization: toOrganizationResponse(organization),
      api_key: toApiKeyWithSecret(key, organization, secret),
    };
  }
}
