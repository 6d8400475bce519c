import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerRequest } from '@nestjs/throttler';
import type { Response } from 'express';
import { enforceRateLimit } from './rate-limit-headers.js';
import type { RateLimitStore } from './rate-limit.store.js';
import { rateLimitSubjectOf } from './rate-limit-subject.js';

const GATE_CHECKED = Symbol('aila.rate-limit-gate-checked');

/**
 * One budget per API key across the whole API and every instance. Limit, window,
 * tracker and key come from the throttler options (rate-limit.module.ts); this guard
 * replaces the throttler's headers with ours (Reset in ms) and our 429, and checks the
 * subject's gate (the caller's failed-key budget) in the same step that counts the key.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  override async canActivate(context: Parameters<ThrottlerGuard['canActivate']>[0]) {
    const passed = await super.canActivate(context);
    // A route that skips throttling still needs the gate checked: the gate is what refuses
    // an address that used up its failed keys, whatever key it sends.
    const { req, res } = this.getRequestResponse(context);
    const gate = rateLimitSubjectOf(req)?.gate;
    if (gate && !(req as Record<symbol, boolean>)[GATE_CHECKED]) {
      const record = await this.store.peek(gate.bucket, gate.windowMs, gate.limit);
      if (!record.decision.allowed) enforceRateLimit(res as Response, record.decision);
    }
    return passed;
  }

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
    const gate = rateLimitSubjectOf(req)?.gate;
    const { record } = await this.store.hit(key, ttl, limit, gate);
    (req as Record<symbol, boolean>)[GATE_CHECKED] = true;
    enforceRateLimit(res as Response, record.decision);
    return true;
  }

  private get store(): RateLimitStore {
    return this.storageService as RateLimitStore;
  }
}
