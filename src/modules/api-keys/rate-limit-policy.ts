import type { OrganizationProfile } from '../organizations/organization.types.js';
import type { ApiKeyRecord } from './api-key.types.js';

export interface RateLimitSetting {
  limit: number;
  windowSeconds: number;
}

/** The seed's Standard plan budget; Enterprise keys start there and an admin may change it per key. */
export const PLAN_DEFAULT_LIMIT: RateLimitSetting = { limit: 1000, windowSeconds: 3600 };

/** Standard keys may be tightened, never loosened, below the plan's budget. */
export function withinStandardPlan({ limit, windowSeconds }: RateLimitSetting): boolean {
  return (
    limit <= PLAN_DEFAULT_LIMIT.limit &&
    limit / windowSeconds <= PLAN_DEFAULT_LIMIT.limit / PLAN_DEFAULT_LIMIT.windowSeconds
  );
}

/** The budget a key gets now; a key kept from an Enterprise past falls back when the plan no longer allows it. */
export function effectiveRateLimit(
  organization: Pick<OrganizationProfile, 'plan'>,
  key: Pick<ApiKeyRecord, 'rateLimit' | 'rateWindowSeconds'>,
): RateLimitSetting {
  if (key.rateLimit === null || key.rateWindowSeconds === null) return PLAN_DEFAULT_LIMIT;
  const custom = { limit: key.rateLimit, windowSeconds: key.rateWindowSeconds };
  return organization.plan === 'enterprise' || withinStandardPlan(custom)
    ? custom
    : PLAN_DEFAULT_LIMIT;
}
