import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Redis } from 'ioredis';
import type { EnvironmentVariables } from '../../config/env.validation.js';

/**
 * The Redis connections of the process (none in embedded mode, where REDIS_URL is unset).
 * Commands fail fast while Redis is down instead of queueing: callers decide what an
 * outage means for them (the rate limiter fails open, uploads rely on the sweep).
 */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisService.name);
  private readonly connections: Redis[] = [];
  readonly url: string | undefined;
  readonly prefix: string;
  private commandClient?: Redis;

  constructor(config: ConfigService<EnvironmentVariables, true>) {
    this.url = config.get('REDIS_URL', { infer: true });
    this.prefix = config.get('REDIS_PREFIX', { infer: true });
  }

  get enabled(): boolean {
    return this.url !== undefined;
  }

  /** A key in this deployment's namespace. */
  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  /** The shared connection for commands; null in embedded mode. */
  get client(): Redis | null {
    if (!this.url) return null;
    this.commandClient ??= this.connect('commands', {
      enableOfflineQueue: false,
      commandTimeout: 1000,
    });
    return this.commandClient;
  }

  /** A dedicated connection (pub/sub needs its own). */
  connect(
    purpose: string,
    options: { enableOfflineQueue?: boolean; commandTimeout?: number } = {},
  ): Redis {
    if (!this.url) throw new Error('Redis is not configured');
    const connection = new Redis(this.url, { maxRetriesPerRequest: 1, ...options });
    let reported = false;
    connection.on('error', (err: Error) => {
      if (!reported) this.logger.warn(`Redis (${purpose}) unavailable: ${err.message}`);
      reported = true;
    });
    connection.on('ready', () => {
      if (reported) this.logger.log(`Redis (${purpose}) reconnected`);
      reported = false;
    });
    this.connections.push(connection);
    return connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.quit().catch(() => c.disconnect())));
  }
}
