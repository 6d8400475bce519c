import { Body, Controller, Patch, Post } from '@nestjs/common';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { UuidParam } from '../../common/http/params.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { toApiKeyWithSecret } from '../api-keys/api-key.mapper.js';
import { CreateOrganizationDto, UpdateOrganizationDto } from './dto/organization.dto.js';
import { toOrganizationResponse } from './organization.mapper.js';
import { OrganizationsService } from './organizations.service.js';

/** Running the platform: only the bootstrap key holds platform:admin. */
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly service: OrganizationsService) {}

  @Post()
  @Authenticated({ scope: 'platform:admin' })
  async create(@Body() dto: CreateOrganizationDto): Promise<Schemas['OrganizationWithKey']> {
    const { organization, key, secret } = await this.service.create(dto);
    return {
      organization: toOrganizationResponse(organization),
      api_key: toApiKeyWithSecret(key, organization, secret),
    };
  }

  @Patch(':organizationId')
  @Authenticated({ scope: 'platform:admin' })
  async update(
    @UuidParam('organizationId', 'Organization') id: string,
    @Body() dto: UpdateOrganizationDto,
  ): Promise<Schemas['Organization']> {
    return toOrganizationResponse(await this.service.update(id, dto));
  }
}
