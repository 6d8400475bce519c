import { Injectable } from '@nestjs/common';
import { TeamMetricsQueryDto } from './dto/team-metrics-query.dto.js';
import { resolveMetricsRange } from './metrics-range.js';
import { CallDailyRollupRepository } from './rollup/call-daily-rollup.repository.js';
import { TeamMetricsReport, toTeamMetrics } from './team-metrics.mapper.js';

/** Team metrics answered from `call_daily_rollups` alone: two queries over at most members × days rows. */
@Injectable()
export class TeamMetricsService {
  constructor(private readonly rollups: CallDailyRollupRepository) {}

  async get(organizationId: string, query: TeamMetricsQueryDto): Promise<TeamMetricsReport> {
    const range = resolveMetricsRange(query);
    const userIds = query.user_ids ?? null;
    const days = { startDay: range.startDay, endDay: range.endDay, userIds };
    const [totalRows, dailyRows] = await Promise.all([
      this.rollups.teamTotals(organizationId, days),
      this.rollups.teamDaily(organizationId, days),
    ]);
    return toTeamMetrics(range, userIds, totalRows, dailyRows);
  }
}
