import { Injectable } from '@nestjs/common';
import type { CountryCode } from 'libphonenumber-js';
import { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { UpdateOrganizationDto } from './dto/organization.dto.js';
import { OrganizationRepository } from './organization.repository.js';
import type { OrganizationProfile, Plan, Vertical } from './organization.types.js';

/** What a new organization is made of; `vertical` and `defaultRegion` have the table's defaults. */
export interface NewOrganization {
  name: string;
  plan: Plan;
  vertical?: Vertical;
  defaultRegion?: CountryCode;
}

/**
 * The tenants. Every other module sits above this one (their tables refer to `organizations`),
 * so it imports none: a new organization's first key is issued by the api-keys module
 * (`OrganizationOnboarding`), and the authenticator hears of changes through `onChange`.
 */
@Injectable()
export class OrganizationsService {
  private readonly changeListeners: (() => Promise<void>)[] = [];

  constructor(private readonly organizations: OrganizationRepository) {}

  /**
   * Calls `listener` after every change to an organization, before the change is answered.
   * Plans decide rate limits, which the authenticator's cached keys carry.
   */
  onChange(listener: () => Promise<void>): void {
    this.changeListeners.push(listener);
  }

  create(fields: NewOrganization, manager?: EntityManager): Promise<OrganizationProfile> {
    return this.organizations.create(fields, manager);
  }

  async update(id: string, dto: UpdateOrganizationDto): Promise<OrganizationProfile> {
    const organization = await this.organizations.findById(id);
    if (!organization) throw AppError.notFound('Organization');
    if (dto.name !== undefined) organization.name = dto.name;
    if (dto.plan !== undefined) organization.plan = dto.plan;
    if (dto.vertical !== undefined) organization.vertical = dto.vertical;
    if (dto.default_region !== undefined) organization.defaultRegion = dto.default_region;
    const saved = await this.organizations.save(organization);
    for (const listener of this.changeListeners) await listener();
    return saved;
  }

  /** The organization, or null when there is none with this id. */
  find(id: string, manager?: EntityManager): Promise<OrganizationProfile | null> {
    return this.organizations.findById(id, manager);
  }

  /** The organization; a 404 `Organization` error when there is none with this id. */
  async get(id: string, manager?: EntityManager): Promise<OrganizationProfile> {
    const organization = await this.organizations.findById(id, manager);
    if (!organization) throw AppError.notFound('Organization');
    return organization;
  }

  /** The region phone numbers without a country code are read in; undefined when there is no such organization. */
  defaultRegionOf(id: string, manager?: EntityManager): Promise<CountryCode | undefined> {
    return this.organizations.findDefaultRegion(id, manager);
  }

  /** Holds start-up provisioning for the rest of `manager`'s transaction, one instance at a time. */
  lockForProvisioning(manager: EntityManager): Promise<void> {
    return this.organizations.lockProvisioning(manager);
  }

  /** The bootstrap key's organization: the oldest with this name, or a new enterprise one. */
  async findOrCreateBootstrap(name: string, manager: EntityManager): Promise<OrganizationProfile> {
    const existing = await this.organizations.findOldestByName(name, manager);
    return existing ?? this.organizations.create({ name, plan: 'enterprise' }, manager);
  }
}
