import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { GatedRecord, RateLimitRecord, Reservation } from './rate-limit.store.js';
import { RateLimitStore } from './rate-limit.store.js';
import type { RateLimitGate } from './rate-limit-subject.js';
import { decide } from './sliding-window.js';

/**
 * Reads both windows of KEYS[1] and increments the current one (unless ARGV[3] is 0: a peek)
 * in one atomic step, timed by Redis' own clock so every instance agrees on window boundaries.
 * With a second key, a gate (window ARGV[4], limit ARGV[5]) is peeked first: when it has no
 * room, nothing is counted and its counts come back, marked by `allowed` = -1.
 * The {hash tag} keeps both counters of a key in one cluster slot (a gated call names two
 * budgets, so it assumes one Redis, as Bull's queues do).
 */
const SLIDING_WINDOW_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local function counts(key, window)
  local index = math.floor(now / window)
  local start = index * window
  local current = tonumber(redis.call('GET', key .. ':' .. index) or '0')
  local previous = tonumber(redis.call('GET', key .. ':' .. (index - 1)) or '0')
  local estimate = previous * ((window - (now - start)) / window) + current
  return key .. ':' .. index, current, previous, start, estimate
end
if KEYS[2] then
  local _, current, previous, start, estimate = counts(KEYS[2], tonumber(ARGV[4]))
  if estimate + 1 > tonumber(ARGV[5]) then
    return { -1, current, previous, now, start }
  end
end
local window = tonumber(ARGV[1])
local currentKey, current, previous, start, estimate = counts(KEYS[1], window)
local allowed = 0
if estimate + 1 <= tonumber(ARGV[2]) then
  if ARGV[3] ~= '0' then
    current = redis.call('INCR', currentKey)
    redis.call('PEXPIRE', currentKey, window * 2 + 1000)
  end
  allowed = 1
end
return { allowed, current, previous, now, start }
`;

/**
 * Takes one request back out of the window ARGV[1] of KEYS[1], named as SLIDING_WINDOW_SCRIPT
 * names it; a window already expired (or emptied) is left alone rather than made negative.
 */
const GIVE_BACK_SCRIPT = `
local windowKey = KEYS[1] .. ':' .. ARGV[1]
if tonumber(redis.call('GET', windowKey) or '0') > 0 then
  redis.call('DECR', windowKey)
end
return 0
`;

type Script = (numberOfKeys: number, ...args: (string | number)[]) => Promise<number[]>;

const NOTHING_TO_GIVE_BACK = async () => {};

export class RedisRateLimitStore extends RateLimitStore {
  private readonly logger = new Logger(RedisRateLimitStore.name);
  private lastWarning = 0;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {
    super();
    redis.defineCommand('slidingWindow', { lua: SLIDING_WINDOW_SCRIPT });
    redis.defineCommand('giveBackHit', { lua: GIVE_BACK_SCRIPT });
  }

  async hit(key: string, ttl: number, limit: number, gate?: RateLimitGate): Promise<GatedRecord> {
    try {
      const keys = [this.redisKey(key)];
      const args: number[] = [ttl, limit, 1];
      if (gate) {
        keys.push(this.redisKey(gate.bucket));
        args.push(gate.windowMs, gate.limit);
      }
      const [allowed, current, previous, now, windowStart] = await this.slidingWindow(
        keys.length,
        ...keys,
        ...args,
      );
      const counts = { now, windowStart, previous, current };
      if (allowed === -1 && gate) {
        const decision = decide(counts, gate.windowMs, gate.limit, false);
        return { record: this.record(decision, current), gateRefused: true };
      }
      const decision = decide(counts, ttl, limit, allowed === 1);
      return { record: this.record(decision, current), gateRefused: false };
    } catch (err) {
      return { record: this.failOpen(err as Error, ttl, limit), gateRefused: false };
    }
  }

  async reserve(key: string, ttl: number, limit: number): Promise<Reservation> {
    let counted: { record: RateLimitRecord; windowStart: number };
    try {
      counted = await this.countAlone(key, ttl, limit, 1);
    } catch (err) {
      return { record: this.failOpen(err as Error, ttl, limit), giveBack: NOTHING_TO_GIVE_BACK };
    }
    const { record, windowStart } = counted;
    if (!record.decision.allowed) return { record, giveBack: NOTHING_TO_GIVE_BACK };
    let given = false;
    return {
      record,
      giveBack: async () => {
        if (given) return;
        given = true;
        // Redis unreachable: the request stays counted, which errs on the side of the budget.
        await this.run('giveBackHit', 1, this.redisKey(key), windowStart / ttl).catch(
          (err: Error) => this.warnFailingOpen(err),
        );
      },
    };
  }

  async peek(key: string, ttl: number, limit: number): Promise<RateLimitRecord> {
    try {
      return (await this.countAlone(key, ttl, limit, 0)).record;
    } catch (err) {
      return this.failOpen(err as Error, ttl, limit);
    }
  }

  /** One budget, without a gate: counted (1) when it has room, or only read (0). */
  private async countAlone(key: string, ttl: number, limit: number, count: 0 | 1) {
    const [allowed, current, previous, now, windowStart] = await this.slidingWindow(
      1,
      this.redisKey(key),
      ttl,
      limit,
      count,
    );
    const decision = decide({ now, windowStart, previous, current }, ttl, limit, allowed === 1);
    return { record: this.record(decision, current), windowStart };
  }

  private redisKey(key: string): string {
    return `${this.keyPrefix}{${key}}`;
  }

  private slidingWindow(...args: Parameters<Script>): Promise<number[]> {
    return this.run('slidingWindow', ...args);
  }

  private run(command: string, ...args: Parameters<Script>): Promise<number[]> {
    const script = (this.redis as unknown as Record<string, Script>)[command];
    return script.apply(this.redis, args);
  }

  /**
   * Redis down: answer rather than refuse. An outage of the limiter should not become
   * an outage of the API; the warning is logged at most every 10 s.
   */
  private failOpen(err: Error, ttl: number, limit: number): RateLimitRecord {
    this.warnFailingOpen(err);
    return this.record({ allowed: true, limit, remaining: limit, resetAt: Date.now() + ttl }, 0);
  }

  private warnFailingOpen(err: Error): void {
    const now = Date.now();
    if (now - this.lastWarning > 10_000) {
      this.lastWarning = now;
      this.logger.warn(`Rate limiting is failing open, Redis unavailable: ${err.message}`);
    }
  }
}
