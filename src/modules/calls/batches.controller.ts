import { Controller, Get } from '@nestjs/common';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator.js';
import type { AuthContext } from '../api-keys/auth-context.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { UuidParam } from '../../common/http/params.js';
import { toBatchResponse } from './call.mapper.js';
import { CallsService } from './calls.service.js';

/**
 * Batches have their own path: under `/calls`, `batch-upload/{batch_id}` could be read as
 * `{call_id}/<sub-resource>`, which generated clients and linters flag as ambiguous.
 */
@Controller('batches')
export class BatchesController {
  constructor(private readonly calls: CallsService) {}

  @Get(':batch_id')
  @Authenticated({ scope: 'calls:read' })
  async get(
    @Auth() auth: AuthContext,
    @UuidParam('batch_id', 'Batch') id: string,
  ): Promise<Schemas['Batch']> {
    const { batch, calls } = await this.calls.getBatch(auth.organization.id, id);
    return toBatchResponse(batch, calls);
  }
}
