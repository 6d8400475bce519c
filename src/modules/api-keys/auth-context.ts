import type { Caller } from '../../common/auth/caller.js';
import type { OrganizationProfile } from '../organizations/organization.types.js';
import type { ApiKeyRecord } from './api-key.types.js';
import type { RateLimitSetting } from './rate-limit-policy.js';

/**
 * Who is calling: the key a request presented and its organization, attached to the request by
 * ApiKeyGuard and read with `@Auth()`.
 */
export interface AuthContext extends Caller {
  organization: OrganizationProfile;
  apiKey: ApiKeyRecord;
  rateLimit: RateLimitSetting;
}
