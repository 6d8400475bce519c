import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { ServerSecrets } from '../../config/server-secrets.service.js';
import type { OrganizationProfile } from '../organizations/organization.types.js';
import { ApiKeyRepository } from './api-key.repository.js';
import type { ApiKeyCredentials, ApiKeyRecord } from './api-key.types.js';
import { missingScope } from '../../common/auth/scope.guard.js';
import { displayPrefix, generateApiKeySecret, hashApiKeySecret } from './api-key-secrets.js';
import {
  CreateApiKeyDto,
  RateLimitDto,
  RotateApiKeyDto,
  UpdateApiKeyDto,
} from './dto/api-key.dto.js';
import { withinStandardPlan } from './rate-limit-policy.js';
import { SCOPES, type Scope } from '../../common/auth/scopes.js';
import type { ApiKey } from './api-key.entity.js';

export interface IssuedKey {
  key: ApiKeyRecord;
  secret: string;
}

/**
 * Who changes a key: another key, held to the subset rule, or the operator at the server's
 * console (the CLI), who is not.
 */
export type KeyManager = Pick<ApiKeyRecord, 'scopes'> | 'operator';

/** A key found by a presented secret, with its organization. */
export interface KeyHolder {
  key: ApiKeyCredentials;
  organization: OrganizationProfile;
}

/** API keys of one organization: the secret is returned once, at creation or rotation, and only its HMAC is kept. */
@Injectable()
export class ApiKeysService {
  private readonly changeListeners: (() => Promise<void>)[] = [];

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly secrets: ServerSecrets,
  ) {}

  /**
   * Calls `listener` after every change to a key, before the change is answered. The
   * authenticator drops its cached keys this way: AuthModule depends on this module, not
   * the other way round.
   */
  onChange(listener: () => Promise<void>): void {
    this.changeListeners.push(listener);
  }

  async issue(
    organization: Pick<OrganizationProfile, 'id' | 'plan'>,
    input: {
      name: string;
      scopes: Scope[];
      rateLimit?: RateLimitDto;
      expiresAt?: Date | null;
      secret?: string;
    },
    manager?: EntityManager,
  ): Promise<IssuedKey> {
    this.assertRateLimitAllowed(organization, input.rateLimit);
    const secret = input.secret ?? generateApiKeySecret();
    const key = await this.keys.create(
      organization.id,
      {
        name: input.name,
        prefix: displayPrefix(secret),
        secretHash: this.hashOf(secret),
        scopes: input.scopes,
        rateLimit: input.rateLimit?.limit ?? null,
        rateWindowSeconds: input.rateLimit?.window_seconds ?? null,
        expiresAt: input.expiresAt ?? null,
      },
      manager,
    );
    return { key, secret };
  }

  /**
   * The configured bootstrap key is the configuration's to manage: whatever happened to its
   * row (revoked, expired or narrowed before the API refused such changes), start-up makes it
   * whole again. Returns false when no row holds the secret.
   */
  async restoreBootstrapKey(secret: string, manager?: EntityManager): Promise<boolean> {
    const key = await this.keys.findBySecretHashAcrossOrganizations(this.hashOf(secret), manager);
    if (!key) return false;
    if (key.revokedAt || key.expiresAt || SCOPES.some((scope) => !key.scopes.includes(scope))) {
      await this.keys.update(
        key.organizationId,
        key.id,
        { revokedAt: null, expiresAt: null, scopes: [...SCOPES] },
        manager,
      );
    }
    return true;
  }

  /** Whether any organization holds any key (a first start has none). */
  anyExist(manager?: EntityManager): Promise<boolean> {
    return this.keys.existsAnyAcrossOrganizations(manager);
  }

  /** The live key a presented secret's hash belongs to, with its organization (authentication). */
  async findByPresentedHash(hash: string): Promise<KeyHolder | undefined> {
    const key = await this.keys.findLiveBySecretHashAcrossOrganizations(hash);
    return key?.organization ? { key, organization: key.organization } : undefined;
  }

  /** Records when keys were last used (a hint, written in batches off the request path). */
  recordLastUsed(entries: [id: string, at: Date][]): Promise<void> {
    return this.keys.recordLastUsedAcrossOrganizations(entries);
  }

  private hashOf(secret: string): string {
    return hashApiKeySecret(this.secrets.apiKeyPepper, secret);
  }

  create(
    organization: Pick<OrganizationProfile, 'id' | 'plan'>,
    dto: CreateApiKeyDto,
    by: KeyManager,
  ): Promise<IssuedKey> {
    assertMayGrant(dto.scopes, by);
    return this.issue(organization, {
      name: dto.name,
      scopes: dto.scopes,
      rateLimit: dto.rate_limit,
      expiresAt: dto.expires_at ? new Date(dto.expires_at) : null,
    });
  }

  list(organizationId: string, limit: number, offset: number): Promise<[ApiKeyRecord[], number]> {
    return this.keys.findPage(organizationId, limit, offset);
  }

  get(organizationId: string, id: string): Promise<ApiKeyRecord> {
    return this.found(organizationId, id);
  }

  private async found(organizationId: string, id: string): Promise<ApiKey> {
    const key = await this.keys.findById(organizationId, id);
    if (!key) throw AppError.notFound('API key');
    return key;
  }

  async update(
    organization: Pick<OrganizationProfile, 'id' | 'plan'>,
    id: string,
    dto: UpdateApiKeyDto,
    by: KeyManager,
  ): Promise<ApiKeyRecord> {
    const key = await this.manageable(organization.id, id, by);
    const changes: Partial<ApiKey> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.scopes !== undefined) {
      assertMayGrant(dto.scopes, by);
      changes.scopes = dto.scopes;
    }
    if (dto.rate_limit !== undefined) {
      this.assertRateLimitAllowed(organization, dto.rate_limit ?? undefined);
      changes.rateLimit = dto.rate_limit?.limit ?? null;
      changes.rateWindowSeconds = dto.rate_limit?.window_seconds ?? null;
    }
    if (dto.expires_at !== undefined)
      changes.expiresAt = dto.expires_at ? new Date(dto.expires_at) : null;
    return this.changeAndAnnounce(key, changes);
  }

  async revoke(organizationId: string, id: string, by: KeyManager): Promise<ApiKeyRecord> {
    const key = await this.manageable(organizationId, id, by);
    return this.changeAndAnnounce(key, { revokedAt: key.revokedAt ?? new Date() });
  }

  async rotate(
    organizationId: string,
    id: string,
    dto: RotateApiKeyDto,
    by: KeyManager,
  ): Promise<IssuedKey> {
    const key = await this.manageable(organizationId, id, by);
    if (key.revokedAt)
      throw AppError.conflict('A revoked key cannot be rotated', { key_id: key.id });
    const secret = generateApiKeySecret();
    const changes: Partial<ApiKey> = {
      previousSecretHash: dto.overlap_seconds > 0 ? key.secretHash : null,
      previousSecretExpiresAt:
        dto.overlap_seconds > 0 ? new Date(Date.now() + dto.overlap_seconds * 1000) : null,
      secretHash: this.hashOf(secret),
      prefix: displayPrefix(secret),
    };
    return { key: await this.changeAndAnnounce(key, changes), secret };
  }

  private async changeAndAnnounce(key: ApiKey, changes: Partial<ApiKey>): Promise<ApiKey> {
    await this.keys.update(key.organizationId, key.id, changes);
    Object.assign(key, changes);
    for (const listener of this.changeListeners) await listener();
    return key;
  }

  /**
   * The key, if `by` may change it: a key manages only keys whose scopes are a subset of its
   * own, so no key can mint a secret with powers it lacks. A key holding platform:admin is the
   * bootstrap key, which only configuration (BOOTSTRAP_API_KEY and start-up) changes.
   */
  private async manageable(organizationId: string, id: string, by: KeyManager): Promise<ApiKey> {
    const key = await this.found(organizationId, id);
    if (by === 'operator') return key;
    assertMayGrant(key.scopes, by);
    if (key.scopes.includes('platform:admin')) {
      throw AppError.forbidden(
        'The bootstrap key is managed by configuration (BOOTSTRAP_API_KEY), not through the API',
        { key_id: key.id, managed_by: 'configuration' },
      );
    }
    return key;
  }

  /** Standard keys cannot go above the plan's budget; Enterprise admins may set any limit. */
  private assertRateLimitAllowed(
    organization: Pick<OrganizationProfile, 'plan'>,
    rateLimit: RateLimitDto | undefined,
  ): void {
    if (!rateLimit || organization.plan === 'enterprise') return;
    if (!withinStandardPlan({ limit: rateLimit.limit, windowSeconds: rateLimit.window_seconds })) {
      throw AppError.forbidden(
        'Custom rate limits above 1000 requests per hour need the enterprise plan',
        {
          field: 'rate_limit',
          plan: organization.plan,
        },
      );
    }
  }
}

/** A key hands on only scopes it holds itself. */
function assertMayGrant(scopes: readonly Scope[], by: KeyManager): void {
  if (by === 'operator') return;
  const lacking = scopes.find((scope) => !by.scopes.includes(scope));
  if (lacking !== undefined) {
    throw missingScope(
      lacking,
      `This API key cannot manage or grant ${lacking}, a scope it does not hold itself`,
    );
  }
}
