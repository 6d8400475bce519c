import type { ApiKey } from '../api-keys/api-key.entity.js';
import type { Organization } from '../organizations/organization.entity.js';

/** Who is calling: attached to the request by ApiKeyGuard. */
export interface AuthContext {
  organization: Organization;
  apiKey: ApiKey;
  rateLimit: { limit: number; windowSeconds: number };
}

const AUTH = Symbol('aila.auth');

export function attachAuth(req: object, auth: AuthContext): void {
  (req as Record<symbol, AuthContext>)[AUTH] = auth;
}

export function authOf(req: object): AuthContext | undefined {
  return (req as Record<symbol, AuthContext | undefined>)[AUTH];
}
