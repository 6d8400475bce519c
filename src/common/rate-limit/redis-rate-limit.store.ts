import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimitRecord, RateLimitStore } from './rate-limit.store.js';
import { decide } from './sliding-window.js';

/**
 * Reads both windows and increments the current one (unless ARGV[3] is 0: a peek) in one
 * atomic step, timed by Redis' own clock so every instance agrees on window boundaries.
 * The {hash tag} keeps both counters of a key in one cluster slot.
 */
const SLIDING_WINDOW_SCRIPT = `
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local hit = ARGV[3] ~= '0'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local index = math.floor(now / window)
local start = index * window
local currentKey = KEYS[1] .. ':' .. index
local previousKey = KEYS[1] .. ':' .. (index - 1)
local current = tonumber(redis.call('GET', currentKey) or '0')
local previous = tonumber(redis.call('GET', previousKey) or '0')
local estimate = previous * ((window - (now - start)) / window) + current
local allowed = 0
if estimate + 1 <= limit then
  if hit then
    current = redis.call('INCR', currentKey)
    redis.call('PEXPIRE', currentKey, window * 2 + 1000)
  end
  allowed = 1
end
return { allowed, current, previous, now, start }
`;

export class RedisRateLimitStore extends RateLimitStore {
  private readonly logger = new Logger(RedisRateLimitStore.name);
  private lastWarning = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {
    super();
    redis.defineCommand('slidingWindow', { numberOfKeys: 1, lua: SLIDING_WINDOW_SCRIPT });
  }

  async increment(key: string, ttl: number, limit: number): Promise<RateLimitRecord> {
    return this.run(key, ttl, limit, true);
  }

  async peek(key: string, ttl: number, limit: number): Promise<RateLimitRecord> {
    return this.run(key, ttl, limit, false);
  }

  private async run(
    key: string,
    ttl: number,
    limit: number,
    hit: boolean,
  ): Promise<RateLimitRecord> {
    try {
      const run = (this.redis as unknown as Record<string, (...a: unknown[]) => Promise<number[]>>)
        .slidingWindow;
      const [allowed, current, previous, now, windowStart] = await run.call(
        this.redis,
        `${this.keyPrefix}{${key}}`,
        ttl,
        limit,
        hit ? 1 : 0,
      );
      const decision = decide({ now, windowStart, previous, current }, ttl, limit, allowed === 1);
      return this.record(decision, current);
    } catch (err) {
      return this.failOpen(err as Error, ttl, limit);
    }
  }

  /**
   * Redis down: answer rather than refuse. An outage of the limiter should not become
   * an outage of the API; the warning is logged at most every 10 s.
   */
  private failOpen(err: Error, ttl: number, limit: number): RateLimitRecord {
    const now = Date.now();
    if (now - this.lastWarning > 10_000) {
      this.lastWarning = now;
      this.logger.warn(`Rate limiting is failing open, Redis unavailable: ${err.message}`);
    }
    return this.record({ allowed: true, limit, remaining: limit, resetAt: now + ttl }, 0);
  }
}
