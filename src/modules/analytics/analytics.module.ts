import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller.js';
import { CallRollups } from './rollup/call-rollups.service.js';
import { TeamMetricsService } from './team-metrics.service.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CallDailyRollup } from './rollup/call-daily-rollup.entity.js';
import { CallDailyRollupRepository } from './rollup/call-daily-rollup.repository.js';

/**
 * Team metrics from a daily roll-up. CallRollups is found by the call pipeline (completion
 * participant) and the quality module (score listener); the tasks feature imports this module
 * for `CallRollups.addTasksCreated`.
 */
@Module({
  imports: [TypeOrmModule.forFeature([CallDailyRollup])],
  controllers: [AnalyticsController],
  providers: [TeamMetricsService, CallRollups, CallDailyRollupRepository],
  exports: [CallRollups],
})
export class AnalyticsModule {}
