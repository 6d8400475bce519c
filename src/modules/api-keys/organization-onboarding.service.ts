import { Injectable } from '@nestjs/common';
import { ORGANIZATION_ADMIN_SCOPES, SCOPES } from '../../common/auth/scopes.js';
import { Transactions } from '../../database/transactions.js';
import type { CreateOrganizationDto } from '../organizations/dto/organization.dto.js';
import type { OrganizationProfile } from '../organizations/organization.types.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { ApiKeysService, type IssuedKey } from './api-keys.service.js';

/**
 * What makes an organization usable: its first key. Here rather than in the organizations
 * module because keys belong to organizations (this module depends on that one), so an
 * organization and its first key are made where both services are at hand.
 */
@Injectable()
export class OrganizationOnboarding {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly apiKeys: ApiKeysService,
    private readonly transactions: Transactions,
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

  /**
   * Makes sure the operator's key works: with BOOTSTRAP_API_KEY, an enterprise organization
   * holding a live key with exactly that secret and every scope (restored if it was revoked); without it, on a database that has no key at all,
   * a generated one (returned so it can be shown once). Returns the secret only when newly made.
   */
  provision(bootstrap: { secret?: string; organizationName: string }): Promise<string | undefined> {
    return this.transactions.run(async (manager) => {
      await this.organizations.lockForProvisioning(manager);
      if (bootstrap.secret) {
        if (await this.apiKeys.restoreBootstrapKey(bootstrap.secret, manager)) return undefined;
        const organization = await this.organizations.findOrCreateBootstrap(
          bootstrap.organizationName,
          manager,
        );
        await this.apiKeys.issue(
          organization,
          { name: 'Bootstrap', scopes: [...SCOPES], secret: bootstrap.secret },
          manager,
        );
        return undefined;
      }
      if (await this.apiKeys.anyExist(manager)) return undefined;
      const organization = await this.organizations.findOrCreateBootstrap(
        bootstrap.organizationName,
        manager,
      );
      const { secret } = await this.apiKeys.issue(
        organization,
        { name: 'Admin (first start)', scopes: [...SCOPES] },
        manager,
      );
      return secret;
    });
  }
}
