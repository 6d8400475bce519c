import type { ApiKey } from './api-key.entity.js';
import type { Organization } from '../organizations/organization.entity.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { effectiveRateLimit } from './rate-limit-policy.js';

export function toApiKeyResponse(key: ApiKey, organization: Organization): Schemas['ApiKey'] {
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
  key: ApiKey,
  organization: Organization,
  secret: string,
): Schemas['ApiKeyWithSecret'] {
  return { ...toApiKeyResponse(key, organization), secret };
}
