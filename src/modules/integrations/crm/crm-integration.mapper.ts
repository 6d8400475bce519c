import type { Schemas } from '../../../common/http/openapi-types.js';
import type { CrmIntegration } from './crm-integration.entity.js';

export function toCrmIntegrationResponse(integration: CrmIntegration): Schemas['CrmIntegration'] {
  return {
    provider: integration.provider,
    base_url: integration.baseUrl,
    status: integration.status,
    last_synced_at: integration.lastSyncedAt?.toISOString() ?? null,
    last_error: integration.lastError,
    created_at: integration.createdAt.toISOString(),
  };
}
