import type { Organization } from '../organizations/organization.entity.js';
import type { ApiKey } from './api-key.entity.js';

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
export function effectiveRateLimit(organization: Organization, key: ApiKey): RateLimitSetting {
  if (key.rateLimit === null || key.rateWindowSeconds === null) return PLAN_DEFAULT_LIMIT;
  const custom = { limit: key.rateLimit, windowSeconds: key.rateWindowSeconds };
  return organization.plan === 'enterprise' || withinStandardPlan(custom)
    ? custom
    : PLAN_DEFAULT_LIMIT;
}
