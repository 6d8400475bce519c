import type { ApiKeyRecord } from '../api-keys/api-key.types.js';
import type { OrganizationProfile } from '../organizations/organization.types.js';

/** Who is calling: attached to the request by ApiKeyGuard. */
export interface AuthContext {
  organization: OrganizationProfile;
  apiKey: ApiKeyRecord;
  rateLimit: { limit: number; windowSeconds: number };
}

const AUTH = Symbol('aila.auth');

export function attachAuth(req: object, auth: AuthContext): void {
  (req as Record<symbol, AuthContext>)[AUTH] = auth;
}

export function authOf(req: object): AuthContext | undefined {
  return (req as Record<symbol, AuthContext | undefined>)[AUTH];
}
