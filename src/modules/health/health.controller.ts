import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import {
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';
import type { HealthCheckResult } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import type { Response } from 'express';
import { Public } from '../../common/auth/authenticated.decorator.js';
import { RawResponse } from '../../common/http/envelope.interceptor.js';
import { RedisService } from '../../common/redis/redis.service.js';

/** Liveness and readiness for load balancers and orchestrators: no key, no rate limit, no envelope. */
@Controller('health')
@Public()
@SkipThrottle()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly redis: RedisService,
  ) {}

  @Get('live')
  live(): RawResponse<HealthCheckResult> {
    return new RawResponse({ status: 'ok', info: {}, error: {}, details: {} });
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<RawResponse<HealthCheckResult>> {
    try {
      return new RawResponse(
        await this.health.check([
          () => this.db.pingCheck('database', { timeout: 2000 }),
          () => this.redisCheck(),
        ]),
      );
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      res.status(503);
      return new RawResponse(err.getResponse() as HealthCheckResult);
    }
  }

  private async redisCheck() {
    const session = this.indicators.check('redis');
    const client = this.redis.client;
    if (!client) return session.up({ mode: 'in-process queue (REDIS_URL unset)' });
    try {
      await client.ping();
      return session.up();
    } catch (err) {
      return session.down({ message: (err as Error).message });
    }
  }
}
