import type { Scope } from '../../common/auth/scopes.js';

/** An API key as other modules see it: who it is and what it may do, never its secret's hash. */
export interface ApiKeyRecord {
  id: string;
  organizationId: string;
  name: string;
  /** The first characters of the secret, safe to show so people can tell keys apart. */
  prefix: string;
  scopes: Scope[];
  /** Per-key budget; null means the plan's default. */
  rateLimit: number | null;
  rateWindowSeconds: number | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/** A key with the hashes a presented secret is checked against, for authentication only. */
export interface ApiKeyCredentials extends ApiKeyRecord {
  secretHash: string;
  previousSecretHash: string | null;
  previousSecretExpiresAt: Date | null;
}
