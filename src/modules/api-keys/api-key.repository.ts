import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { OrganizationScopedRepository } from '../../database/organization-scoped.repository.js';
import { ApiKey } from './api-key.entity.js';

/** What a new key is stored with (the secret only as its hash). */
export type NewApiKey = Pick<
  ApiKey,
  'name' | 'prefix' | 'secretHash' | 'scopes' | 'rateLimit' | 'rateWindowSeconds' | 'expiresAt'
>;

/** The api_keys table. */
@Injectable()
export class ApiKeyRepository extends OrganizationScopedRepository<ApiKey> {
  constructor(@InjectRepository(ApiKey) repository: Repository<ApiKey>) {
    super(repository);
  }

  create(organizationId: string, fields: NewApiKey, manager?: EntityManager): Promise<ApiKey> {
    const repo = this.repo(manager);
    return repo.save(
      repo.create({
        ...fields,
        organizationId,
        previousSecretHash: null,
        previousSecretExpiresAt: null,
        revokedAt: null,
        lastUsedAt: null,
      }),
    );
  }

  /** Newest first. */
  findPage(
    organizationId: string,
    limit: number,
    offset: number,
    manager?: EntityManager,
  ): Promise<[ApiKey[], number]> {
    return this.repo(manager).findAndCount({
      where: this.scoped(organizationId),
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
      skip: offset,
    });
  }

  findById(organizationId: string, id: string, manager?: EntityManager): Promise<ApiKey | null> {
    return this.repo(manager).findOneBy(this.scoped(organizationId, { id }));
  }

  /** Changes the key if it belongs to the organization; false when no such key. */
  async update(
    organizationId: string,
    id: string,
    changes: QueryDeepPartialEntity<ApiKey>,
    manager?: EntityManager,
  ): Promise<boolean> {
    if (Object.keys(changes).length === 0)
      return (await this.findById(organizationId, id, manager)) !== null;
    const result = await this.repo(manager).update(this.scoped(organizationId, { id }), changes);
    return (result.affected ?? 0) > 0;
  }

  /**
   * Across organizations (the secret decides whose key it is): the live key whose current
   * secret, or previous one within its rotation overlap, has this hash, with its organization
   * joined in the same statement, as authentication needs it on a cache miss.
   */
  findLiveBySecretHashAcrossOrganizations(hash: string): Promise<ApiKey | null> {
    return this.repo()
      .createQueryBuilder('key')
      .innerJoinAndSelect('key.organization', 'organization')
      .where('key.revoked_at IS NULL')
      .andWhere('(key.expires_at IS NULL OR key.expires_at > now())')
      .andWhere(
        '(key.secret_hash = :hash OR (key.previous_secret_hash = :hash AND key.previous_secret_expires_at > now()))',
        { hash },
      )
      .getOne();
  }

  /** Across organizations: the key whose current secret has this hash, live or not (start-up provisioning). */
  findBySecretHashAcrossOrganizations(
    hash: string,
    manager?: EntityManager,
  ): Promise<ApiKey | null> {
    return this.repo(manager).findOneBy({ secretHash: hash });
  }

  /** Across organizations: whether the database holds any key at all (first start). */
  async existsAnyAcrossOrganizations(manager?: EntityManager): Promise<boolean> {
    return (await this.repo(manager).count()) > 0;
  }

  /**
   * Across organizations (ids come from keys that authenticated): records when each key was
   * last used, in one statement, never moving a time backwards. Does nothing once the
   * connection is closed, since the last flush runs at shutdown.
   */
  async recordLastUsedAcrossOrganizations(entries: [id: string, at: Date][]): Promise<void> {
    const repo = this.repo();
    if (entries.length === 0 || !repo.manager.connection.isInitialized) return;
    const values = entries
      .map((_, i) => `($${i * 2 + 1}::uuid, $${i * 2 + 2}::timestamptz)`)
      .join(', ');
    await repo.query(
      `UPDATE api_keys AS k SET last_used_at = v.at FROM (VALUES ${values}) AS v(id, at)
       WHERE k.id = v.id AND (k.last_used_at IS NULL OR k.last_used_at < v.at)`,
      entries.flatMap(([id, at]) => [id, at.toISOString()]),
    );
  }
}
