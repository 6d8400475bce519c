import { Injectable } from '@nestjs/common';
import type { CountryCode } from 'libphonenumber-js';
import { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { Transactions } from '../../database/transactions.js';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator.service.js';
import { ApiKeysService, IssuedKey } from '../api-keys/api-keys.service.js';
import { ORGANIZATION_ADMIN_SCOPES, SCOPES } from '../auth/scopes.js';
import { CreateOrganizationDto, UpdateOrganizationDto } from './dto/organization.dto.js';
import type { Organization } from './organization.entity.js';
import { OrganizationRepository } from './organization.repository.js';
import type { OrganizationProfile } from './organization.types.js';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly organizations: OrganizationRepository,
    private readonly transactions: Transactions,
    private readonly apiKeys: ApiKeysService,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  /** A new organization and its first admin key (every scope but platform:admin), in one transaction. */
  create(dto: CreateOrganizationDto): Promise<{ organization: OrganizationProfile } & IssuedKey> {
    return this.transactions.run(async (manager) => {
      const organization = await this.organizations.create(
        {
          name: dto.name,
          plan: dto.plan,
          vertical: dto.vertical,
          defaultRegion: dto.default_region,
        },
        manager,
      );
      const issued = await this.apiKeys.issue(
        organization,
        { name: 'Admin', scopes: ORGANIZATION_ADMIN_SCOPES },
        manager,
      );
      return { organization, ...issued };
    });
  }

  async update(id: string, dto: UpdateOrganizationDto): Promise<OrganizationProfile> {
    const organization = await this.organizations.findById(id);
    if (!organization) throw AppError.notFound('Organization');
    if (dto.name !== undefined) organization.name = dto.name;
    if (dto.plan !== undefined) organization.plan = dto.plan;
    if (dto.vertical !== undefined) organization.vertical = dto.vertical;
    if (dto.default_region !== undefined) organization.defaultRegion = dto.default_region;
    const saved = await this.organizations.save(organization);
    // Plans decide rate limits, which cached keys carry.
    await this.authenticator.invalidate();
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

  /**
   * Makes sure the operator's key works: with BOOTSTRAP_API_KEY, an enterprise organization
   * holding a live key with exactly that secret and every scope (restored if it was revoked); without it, on a database that has no key at all,
   * a generated one (returned so it can be shown once). Returns the secret only when newly made.
   */
  provision(bootstrap: { secret?: string; organizationName: string }): Promise<string | undefined> {
    return this.transactions.run(async (manager) => {
      await this.organizations.lockProvisioning(manager);
      if (bootstrap.secret) {
        if (await this.apiKeys.restoreBootstrapKey(bootstrap.secret, manager)) return undefined;
        const organization = await this.findOrCreateBootstrapOrganization(
          manager,
          bootstrap.organizationName,
        );
        await this.apiKeys.issue(
          organization,
          { name: 'Bootstrap', scopes: [...SCOPES], secret: bootstrap.secret },
          manager,
        );
        return undefined;
      }
      if (await this.apiKeys.anyExist(manager)) return undefined;
      const organization = await this.findOrCreateBootstrapOrganization(
        manager,
        bootstrap.organizationName,
      );
      const { secret } = await this.apiKeys.issue(
        organization,
        { name: 'Admin (first start)', scopes: [...SCOPES] },
        manager,
      );
      return secret;
    });
  }

  private async findOrCreateBootstrapOrganization(
    manager: EntityManager,
    name: string,
  ): Promise<Organization> {
    const existing = await this.organizations.findOldestByName(name, manager);
    return existing ?? this.organizations.create({ name, plan: 'enterprise' }, manager);
  }
}
