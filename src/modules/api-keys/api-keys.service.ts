import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { ServerSecrets } from '../../config/server-secrets.service.js';
import type { Organization } from '../organizations/organization.entity.js';
import { ApiKey } from './api-key.entity.js';
import { ApiKeyAuthenticator } from '../auth/api-key-authenticator.service.js';
import { missingScope } from '../auth/scope.guard.js';
import { displayPrefix, generateApiKeySecret, hashApiKeySecret } from './api-key-secrets.js';
import {
  CreateApiKeyDto,
  RateLimitDto,
  RotateApiKeyDto,
  UpdateApiKeyDto,
} from './dto/api-key.dto.js';
import { withinStandardPlan } from './rate-limit-policy.js';
import type { Scope } from '../auth/scopes.js';

export interface IssuedKey {
  key: ApiKey;
  secret: string;
}

/**
 * Who changes a key: another key, held to the subset rule, or the operator at the server's
 * console (the CLI), who is not.
 */
export type KeyManager = Pick<ApiKey, 'scopes'> | 'operator';

/** API keys of one organization: the secret is returned once, at creation or rotation, and only its HMAC is kept. */
@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    private readonly secrets: ServerSecrets,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async issue(
    organization: Organization,
    input: {
      name: string;
      scopes: Scope[];
      rateLimit?: RateLimitDto;
      expiresAt?: Date | null;
      secret?: string;
    },
    manager: EntityManager = this.keys.manager,
  ): Promise<IssuedKey> {
    this.assertRateLimitAllowed(organization, input.rateLimit);
    const secret = input.secret ?? generateApiKeySecret();
    const key = manager.create(ApiKey, {
      organizationId: organization.id,
      name: input.name,
      prefix: displayPrefix(secret),
      secretHash: this.hashOf(secret),
      previousSecretHash: null,
      previousSecretExpiresAt: null,
      scopes: input.scopes,
      rateLimit: input.rateLimit?.limit ?? null,
      rateWindowSeconds: input.rateLimit?.window_seconds ?? null,
      expiresAt: input.expiresAt ?? null,
      revokedAt: null,
      lastUsedAt: null,
    });
    return { key: await manager.save(key), secret };
  }

  hashOf(secret: string): string {
    return hashApiKeySecret(this.secrets.apiKeyPepper, secret);
  }

  create(organization: Organization, dto: CreateApiKeyDto, by: KeyManager): Promise<IssuedKey> {
    assertMayGrant(dto.scopes, by);
    return this.issue(organization, {
      name: dto.name,
      scopes: dto.scopes,
      rateLimit: dto.rate_limit,
      expiresAt: dto.expires_at ? new Date(dto.expires_at) : null,
    });
  }

  async list(organizationId: string, limit: number, offset: number): Promise<[ApiKey[], number]> {
    return this.keys.findAndCount({
      where: { organizationId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
      skip: offset,
    });
  }

  async get(organizationId: string, id: string): Promise<ApiKey> {
    const key = await this.keys.findOneBy({ organizationId, id });
    if (!key) throw AppError.notFound('API key');
    return key;
  }

  async update(
    organization: Organization,
    id: string,
    dto: UpdateApiKeyDto,
    by: KeyManager,
  ): Promise<ApiKey> {
    const key = await this.manageable(organization.id, id, by);
    if (dto.name !== undefined) key.name = dto.name;
    if (dto.scopes !== undefined) {
      assertMayGrant(dto.scopes, by);
      key.scopes = dto.scopes;
    }
    if (dto.rate_limit !== undefined) {
      this.assertRateLimitAllowed(organization, dto.rate_limit ?? undefined);
      key.rateLimit = dto.rate_limit?.limit ?? null;
      key.rateWindowSeconds = dto.rate_limit?.window_seconds ?? null;
    }
    if (dto.expires_at !== undefined)
      key.expiresAt = dto.expires_at ? new Date(dto.expires_at) : null;
    return this.saveAndAnnounce(key);
  }

  async revoke(organizationId: string, id: string, by: KeyManager): Promise<ApiKey> {
    const key = await this.manageable(organizationId, id, by);
    key.revokedAt ??= new Date();
    return this.saveAndAnnounce(key);
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
    key.previousSecretHash = dto.overlap_seconds > 0 ? key.secretHash : null;
    key.previousSecretExpiresAt =
      dto.overlap_seconds > 0 ? new Date(Date.now() + dto.overlap_seconds * 1000) : null;
    key.secretHash = this.hashOf(secret);
    key.prefix = displayPrefix(secret);
    return { key: await this.saveAndAnnounce(key), secret };
  }

  private async saveAndAnnounce(key: ApiKey): Promise<ApiKey> {
    const saved = await this.keys.save(key);
    await this.authenticator.invalidate();
    return saved;
  }

  /**
   * The key, if `by` may change it: a key manages only keys whose scopes are a subset of its
   * own, so no key can mint a secret with powers it lacks. A key holding platform:admin is the
   * bootstrap key, which only configuration (BOOTSTRAP_API_KEY and start-up) changes.
   */
  private async manageable(organizationId: string, id: string, by: KeyManager): Promise<ApiKey> {
    const key = await this.get(organizationId, id);
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
    organization: Organization,
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
