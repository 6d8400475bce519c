import { Controller, Get } from '@nestjs/common';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator.js';
import type { AuthContext } from './auth-context.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { toOrganizationResponse } from '../organizations/organization.mapper.js';
import { toApiKeyResponse } from './api-key.mapper.js';

@Controller('me')
export class MeController {
  @Get()
  @Authenticated()
  me(@Auth() auth: AuthContext): Schemas['Me'] {
    return {
      organization: toOrganizationResponse(auth.organization),
      api_key: toApiKeyResponse(auth.apiKey, auth.organization),
    };
  }
}
