import { Controller, Get } from '@nestjs/common';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator.js';
import type { AuthContext } from '../api-keys/auth-context.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { UuidParam } from '../../common/http/params.js';
import { ExtractionService } from './extraction.service.js';

@Controller('calls')
export class ExtractionController {
  constructor(private readonly extraction: ExtractionService) {}

  @Get(':call_id/extracted-data')
  @Authenticated({ scope: 'calls:read' })
  async get(
    @Auth() auth: AuthContext,
    @UuidParam('call_id', 'Call') id: string,
  ): Promise<Schemas['ExtractedData']> {
    return this.extraction.get(auth.organization.id, id);
  }
}
