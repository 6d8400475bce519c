import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerRequest } from '@nestjs/throttler';
import type { Response } from 'express';
import { enforceRateLimit } from './rate-limit-headers.js';
import type { RateLimitRecord } from './rate-limit.store.js';
import { rateLimitSubjectOf } from './rate-limit-subject.js';

/**
 * One budget per API key across the whole API and every instance. Limit, window,
 * tracker and key come from the throttler options (rate-limit.module.ts); this guard
 * only replaces the throttler's headers with ours (Reset in ms) and our 429.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(
    context: Parameters<ThrottlerGuard['canActivate']>[0],
  ): Promise<boolean> {
    return rateLimitSubjectOf(context.switchToHttp().getRequest()) === undefined;
  }

  protected override async handleRequest({
    context,
    limit,
    ttl,
    throttler,
    getTracker,
    generateKey,
  }: ThrottlerRequest): Promise<boolean> {
    const { req, res } = this.getRequestResponse(context);
    const key = generateKey(context, await getTracker(req, context), throttler.name ?? 'default');
    const record = (await this.storageService.increment(
      key,
      ttl,
      limit,
      0,
      throttler.name ?? 'default',
    )) as RateLimitRecord;
    enforceRateLimit(res as Response, record.decision);
    return true;
  }
}
