import type { Schemas } from '../../common/http/openapi-types.js';
import type { OrganizationProfile } from './organization.types.js';

export function toOrganizationResponse(org: OrganizationProfile): Schemas['Organization'] {
  return {
    id: org.id,
    name: org.name,
    plan: org.plan,
    vertical: org.vertical,
    default_region: org.defaultRegion,
    created_at: org.createdAt.toISOString(),
  };
}
