import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator.js';
import type { AuthContext } from '../api-keys/auth-context.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { UuidParam } from '../../common/http/params.js';
import { toCallQuality } from '../calls/call.mapper.js';
import { OverrideQualityItemDto } from './dto/override-quality-item.dto.js';
import { toRescoreJob } from './quality.mapper.js';
import { QualityService } from './quality.service.js';

@Controller('calls/:call_id/quality')
export class CallQualityController {
  constructor(private readonly quality: QualityService) {}

  @Get()
  @Authenticated({ scope: 'quality:read' })
  async get(
    @Auth() auth: AuthContext,
    @UuidParam('call_id', 'Call') callId: string,
  ): Promise<Schemas['CallQuality']> {
    return toCallQuality(await this.quality.get(auth.organization.id, callId));
  }

  @Post('rescore')
  @HttpCode(202)
  @Authenticated({ scope: 'quality:write' })
  async rescore(
    @Auth() auth: AuthContext,
    @UuidParam('call_id', 'Call') callId: string,
  ): Promise<Schemas['RescoreJob']> {
    const { checklist } = await this.quality.requestRescore(auth.organization.id, callId);
    return toRescoreJob(callId, checklist);
  }

  @Patch('items/:item_id')
  @Authenticated({ scope: 'quality:write' })
  async override(
    @Auth() auth: AuthContext,
    @UuidParam('call_id', 'Call') callId: string,
    @Param('item_id') itemId: string,
    @Body() dto: OverrideQualityItemDto,
  ): Promise<Schemas['CallQuality']> {
    return toCallQuality(await this.quality.override(auth, callId, itemId, dto));
  }
}
