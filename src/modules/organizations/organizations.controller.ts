import { Body, Controller, Patch } from '@nestjs/common';
import { Authenticated } from '../../common/auth/authenticated.decorator.js';
import { UuidParam } from '../../common/http/params.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { UpdateOrganizationDto } from './dto/organization.dto.js';
import { toOrganizationResponse } from './organization.mapper.js';
import { OrganizationsService } from './organizations.service.js';

/**
 * Running the platform: only the bootstrap key holds platform:admin. `POST /organizations`
 * answers with the new organization's first key, so it is served by the api-keys module
 * (`OrganizationOnboardingController`).
 */
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly service: OrganizationsService) {}

  @Patch(':organizationId')
  @Authenticated({ scope: 'platform:admin' })
  async update(
    @UuidParam('organizationId', 'Organization') id: string,
    @Body() dto: UpdateOrganizationDto,
  ): Promise<Schemas['Organization']> {
    return toOrganizationResponse(await this.service.update(id, dto));
  }
}
