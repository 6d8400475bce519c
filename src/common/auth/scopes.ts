/** Every permission a key can hold; openapi.yaml names the one each operation needs (x-required-scope). */
export const SCOPES = [
  'calls:read',
  'calls:write',
  'contacts:read',
  'contacts:write',
  'quality:read',
  'quality:write',
  'analytics:read',
  'webhooks:read',
  'webhooks:write',
  'keys:admin',
  'platform:admin',
] as const;

export type Scope = (typeof SCOPES)[number];

/** What an organization's admin key gets: everything but running the platform. */
export const ORGANIZATION_ADMIN_SCOPES: Scope[] = SCOPES.filter((s) => s !== 'platform:admin');
