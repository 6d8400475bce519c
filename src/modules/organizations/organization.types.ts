import type { CountryCode } from 'libphonenumber-js';

export type Plan = 'standard' | 'enterprise';
export type Vertical = 'general' | 'mortgage';

/** An organization as other modules see it: the tenant, its plan and its defaults. */
export interface OrganizationProfile {
  id: string;
  name: string;
  plan: Plan;
  /** `mortgage` makes every call of the organization produce MISMO output. */
  vertical: Vertical;
  /** Region for phone numbers written without a country code (ISO 3166-1 alpha-2). */
  defaultRegion: CountryCode;
  createdAt: Date;
}
