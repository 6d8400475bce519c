import { ExecutionContext, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { RedisService } from '../redis/redis.service.js';
import { MemoryRateLimitStore } from './memory-rate-limit.store.js';
import { RedisRateLimitStore } from './redis-rate-limit.store.js';
import { rateLimitSubjectOf } from './rate-limit-subject.js';

const subjectOf = (context: ExecutionContext) =>
  rateLimitSubjectOf(context.switchToHttp().getRequest());

/**
 * @nestjs/throttler with one budget per API key across the whole API: the limit, window
 * and tracker come from the request's rate-limit subject (set by authentication from the
 * key's plan or an enterprise override), and the storage is Redis when configured, so
 * every instance shares one count.
 */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [RedisService],
      useFactory: (redis: RedisService) => ({
        throttlers: [
          {
            name: 'default',
            limit: (context: ExecutionContext) => subjectOf(context)?.limit ?? 0,
            ttl: (context: ExecutionContext) => (subjectOf(context)?.windowSeconds ?? 1) * 1000,
          },
        ],
        getTracker: (req: Record<string, unknown>) =>
          rateLimitSubjectOf(req)?.tracker ?? 'anonymous',
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
