import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { Registry } from 'prom-client';
import { Public } from '../../common/auth/authenticated.decorator.js';
import { RawResponse } from '../../common/http/envelope.interceptor.js';
import { MetricsTokenGuard } from './metrics-token.guard.js';
import { MetricsService } from './metrics.service.js';

/** Prometheus' scrape target, beside the API (no /v1, no envelope, no API key, no rate limit). */
@Controller()
@Public()
@SkipThrottle()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('metrics')
  @UseGuards(MetricsTokenGuard)
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  async scrape(): Promise<RawResponse<string>> {
    return new RawResponse(await this.metrics.scrape());
  }
}
