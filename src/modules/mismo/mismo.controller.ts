import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator.js';
import type { AuthContext } from '../api-keys/auth-context.js';
import { RawResponse } from '../../common/http/envelope.interceptor.js';
import { UuidParam } from '../../common/http/params.js';
import { MismoService } from './mismo.service.js';

@Controller('calls')
export class MismoController {
  constructor(private readonly mismo: MismoService) {}

  /** The content type is set only once the document is found: a 404 stays in the JSON envelope. */
  @Get(':call_id/mismo')
  @Authenticated({ scope: 'calls:read' })
  async get(
    @Auth() auth: AuthContext,
    @UuidParam('call_id', 'Call') id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RawResponse<string>> {
    const xml = await this.mismo.get(auth.organization.id, id);
    res.type('application/xml; charset=utf-8');
    return new RawResponse(xml);
  }
}
