import type { ApiKeyRecord } from './api-key.types.js';
import type { OrganizationProfile } from '../organizations/organization.types.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { effectiveRateLimit } from './rate-limit-policy.js';

export function toApiKeyResponse(
  key: ApiKeyRecord,
  organization: Pick<OrganizationProfile, 'plan'>,
): Schemas['ApiKey'] {
  const { limit, windowSeconds } = effectiveRateLimit(organization, key);
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    rate_limit: { limit, window_seconds: windowSeconds },
    created_at: key.createdAt.toISOString(),
    last_used_at: key.lastUsedAt?.toISOString() ?? null,
    expires_at: key.expiresAt?.toISOString() ?? null,
    revoked_at: key.revokedAt?.toISOString() ?? null,
  };
}

export function toApiKeyWithSecret(
  key: ApiKeyRecord,
  organization: Pick<OrganizationProfile, 'plan'>,
  secret: string,
): Schemas['ApiKeyWithSecret'] {
  return { ...toApiKeyResponse(key, organization), secret };
}
