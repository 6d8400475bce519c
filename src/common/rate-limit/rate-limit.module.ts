import { ExecutionContext, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { authOf } from '../auth/auth-context.js';
import { RedisService } from '../redis/redis.service.js';
import { MemoryRateLimitStore } from './memory-rate-limit.store.js';
import { RedisRateLimitStore } from './redis-rate-limit.store.js';

const authFrom = (context: ExecutionContext) => authOf(context.switchToHttp().getRequest());

/**
 * @nestjs/throttler with one budget per API key across the whole API: the limit and
 * window come from the key (its plan or an enterprise override), the tracker is the key
 * id, and the storage is Redis when configured, so every instance shares one count.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [RedisService],
      useFactory: (redis: RedisService) => ({
        throttlers: [
          {
            name: 'default',
            limit: (context: ExecutionContext) => authFrom(context)?.rateLimit.limit ?? 0,
            ttl: (context: ExecutionContext) =>
              (authFrom(context)?.rateLimit.windowSeconds ?? 1) * 1000,
          },
        ],
        getTracker: (req: Record<string, unknown>) =>
          `key:${authOf(req)?.apiKey.id ?? 'anonymous'}`,
        generateKey: (_context: ExecutionContext, tracker: string) => tracker,
        storage: redis.client
          ? new RedisRateLimitStore(redis.client, redis.key('rate-limit', ''))
          : new MemoryRateLimitStore(),
      }),
    }),
  ],
  exports: [ThrottlerModule],
})
export class RateLimitModule {}
