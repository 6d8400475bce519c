import { Global, Module } from '@nestjs/common';
import { MetricsTokenGuard } from './metrics-token.guard.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { WorkerMetricsServer } from './worker-metrics.server.js';

/** Global so any feature can report (webhook deliveries, jobs) without importing this module. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [MetricsService, MetricsTokenGuard, WorkerMetricsServer],
  exports: [MetricsService],
})
export class MetricsModule {}
