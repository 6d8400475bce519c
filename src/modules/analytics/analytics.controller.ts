import { Controller, Get, Query } from '@nestjs/common';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator.js';
import type { AuthContext } from '../api-keys/auth-context.js';
import { RawResponse } from '../../common/http/envelope.interceptor.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { TeamMetricsQueryDto } from './dto/team-metrics-query.dto.js';
import { TeamMetricsService } from './team-metrics.service.js';

@Controller('analytics')
export class AnalyticsController {
  constructor(private readonly teamMetrics: TeamMetricsService) {}

  /** `meta` here is the resolved range, not a page, so the envelope is built whole. */
  @Get('team-metrics')
  @Authenticated({ scope: 'analytics:read' })
  async getTeamMetrics(
    @Auth() auth: AuthContext,
    @Query() query: TeamMetricsQueryDto,
  ): Promise<RawResponse<Schemas['TeamMetricsEnvelope']>> {
    const { data, meta } = await this.teamMetrics.get(auth.organization.id, query);
    return new RawResponse({ success: true, data, meta });
  }
}
