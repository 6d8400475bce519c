import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { ApiKey } from '../api-keys/api-key.entity.js';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator.service.js';
import { ApiKeysService, IssuedKey } from '../api-keys/api-keys.service.js';
import { ORGANIZATION_ADMIN_SCOPES, SCOPES } from '../auth/scopes.js';
import { CreateOrganizationDto, UpdateOrganizationDto } from './dto/organization.dto.js';
import { Organization } from './organization.entity.js';

/** Serialises start-up provisioning across instances that boot together. */
const PROVISIONING_LOCK = 7_411_001;

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeysService,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  /** A new organization and its first admin key (every scope but platform:admin), in one transaction. */
  create(dto: CreateOrganizationDto): Promise<{ organization: Organization } & IssuedKey> {
    return this.dataSource.transaction(async (manager) => {
      const organization = await manager.save(
        manager.create(Organization, {
          name: dto.name,
          plan: dto.plan,
          vertical: dto.vertical,
          defaultRegion: dto.default_region,
        }),
      );
      const issued = await this.apiKeys.issue(
        organization,
        { name: 'Admin', scopes: ORGANIZATION_ADMIN_SCOPES },
        manager,
      );
      return { organization, ...issued };
    });
  }

  async update(id: string, dto: UpdateOrganizationDto): Promise<Organization> {
    const repo = this.dataSource.getRepository(Organization);
    const organization = await repo.findOneBy({ id });
    if (!organization) throw AppError.notFound('Organization');
    if (dto.name !== undefined) organization.name = dto.name;
    if (dto.plan !== undefined) organization.plan = dto.plan;
    if (dto.vertical !== undefined) organization.vertical = dto.vertical;
    if (dto.default_region !== undefined) organization.defaultRegion = dto.default_region;
    const saved = await repo.save(organization);
    // Plans decide rate limits, which cached keys carry.
    await this.authenticator.invalidate();
    return saved;
  }

  /**
   * Makes sure the operator's key works: with BOOTSTRAP_API_KEY, an enterprise organization
   * holding a live key with exactly that secret and every scope (restored if it was revoked); without it, on a database that has no key at all,
   * a generated one (returned so it can be shown once). Returns the secret only when newly made.
   */
  provision(bootstrap: { secret?: string; organizationName: string }): Promise<string | undefined> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [PROVISIONING_LOCK]);
      if (bootstrap.secret) {
        if (await this.restoreBootstrapKey(manager, bootstrap.secret)) return undefined;
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
      if ((await manager.count(ApiKey)) > 0) return undefined;
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

  /**
   * The configured key is the configuration's to manage: whatever happened to its row (revoked,
   * expired or narrowed before the API refused such changes), start-up makes it whole again.
   * Returns false when no row holds the secret.
   */
  private async restoreBootstrapKey(manager: EntityManager, secret: string): Promise<boolean> {
    const key = await manager.findOneBy(ApiKey, { secretHash: this.apiKeys.hashOf(secret) });
    if (!key) return false;
    if (key.revokedAt || key.expiresAt || SCOPES.some((scope) => !key.scopes.includes(scope))) {
      await manager.update(
        ApiKey,
        { id: key.id },
        { revokedAt: null, expiresAt: null, scopes: [...SCOPES] },
      );
    }
    return true;
  }

  private async findOrCreateBootstrapOrganization(
    manager: EntityManager,
    name: string,
  ): Promise<Organization> {
    const existing = await manager.findOne(Organization, {
      where: { name },
      order: { createdAt: 'ASC' },
    });
    return existing ?? manager.save(manager.create(Organization, { name, plan: 'enterprise' }));
  }
}
