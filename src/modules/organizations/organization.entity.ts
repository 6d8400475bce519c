import type { CountryCode } from 'libphonenumber-js';
import { Column, Entity } from 'typeorm';
import { BaseEntity } from '../../common/entities/base.entity.js';
import type { OrganizationProfile, Plan, Vertical } from './organization.types.js';

@Entity('organizations')
export class Organization extends BaseEntity implements OrganizationProfile {
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: 'standard' })
  plan!: Plan;

  /** `mortgage` makes every call of the organization produce MISMO output. */
  @Column({ type: 'text', default: 'general' })
  vertical!: Vertical;

  /** Region for phone numbers written without a country code (ISO 3166-1 alpha-2). */
  @Column({ name: 'default_region', type: 'text', default: 'US' })
  defaultRegion!: CountryCode;
}
