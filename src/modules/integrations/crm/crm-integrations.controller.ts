import { Body, Controller, Delete, Get, Put } from '@nestjs/common';
import { Auth, Authenticated } from '../../../common/auth/authenticated.decorator.js';
import type { AuthContext } from '../../api-keys/auth-context.js';
import type { Schemas } from '../../../common/http/openapi-types.js';
import { toCrmIntegrationResponse } from './crm-integration.mapper.js';
import { CrmIntegrationsService } from './crm-integrations.service.js';
import { ConnectCrmDto } from './dto/connect-crm.dto.js';

@Controller('integrations/crm')
export class CrmIntegrationsController {
  constructor(private readonly integrations: CrmIntegrationsService) {}

  @Put()
  @Authenticated({ scope: 'keys:admin' })
  async connect(
    @Auth() auth: AuthContext,
    @Body() dto: ConnectCrmDto,
  ): Promise<Schemas['CrmIntegration']> {
    return toCrmIntegrationResponse(await this.integrations.connect(auth.organization.id, dto));
  }

  @Get()
  @Authenticated({ scope: 'keys:admin' })
  async get(@Auth() auth: AuthContext): Promise<Schemas['CrmIntegration']> {
    return toCrmIntegrationResponse(await this.integrations.get(auth.organization.id));
  }

  @Delete()
  @Authenticated({ scope: 'keys:admin' })
  async disconnect(@Auth() auth: AuthContext): Promise<Schemas['CrmIntegration']> {
    return toCrmIntegrationResponse(await this.integrations.disconnect(auth.organization.id));
  }
}
