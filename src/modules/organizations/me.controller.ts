import { Controller, Get } from '@nestjs/common';
import { Auth, Authenticated } from '../auth/authenticated.decorator.js';
import type { AuthContext } from '../auth/auth-context.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { toApiKeyResponse } from '../api-keys/api-key.mapper.js';
import { toOrganizationResponse } from './organization.mapper.js';

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
