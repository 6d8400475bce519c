import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { OrganizationScopedRepository } from '../../../database/organization-scoped.repository.js';
import { CrmIntegration } from './crm-integration.entity.js';

/** What connecting stores; connecting again replaces it and clears an error state. */
export type CrmConnectionSettings = Pick<
  CrmIntegration,
  'provider' | 'accessTokenEncrypted' | 'baseUrl'
>;

/** An organization's CRM connection: one row at most, unique by organization. */
@Injectable()
export class CrmIntegrationRepository extends OrganizationScopedRepository<CrmIntegration> {
  constructor(@InjectRepository(CrmIntegration) repository: Repository<CrmIntegration>) {
    super(repository);
  }

  /** Inserts the connection, or replaces the settings of the existing one. */
  async upsert(
    organizationId: string,
    settings: CrmConnectionSettings,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repo(manager)
      .createQueryBuilder()
      .insert()
      .into(CrmIntegration)
      .values({ organizationId, ...settings, status: 'connected', lastError: null })
      .orUpdate(
        ['provider', 'access_token_encrypted', 'base_url', 'status', 'last_error', 'updated_at'],
        ['organization_id'],
      )
      .execute();
  }

  find(organizationId: string, manager?: EntityManager): Promise<CrmIntegration | null> {
    return this.repo(manager).findOneBy(this.scoped(organizationId));
  }

  /** The connection, locked until `manager`'s transaction ends. */
  lock(organizationId: string, manager: EntityManager): Promise<CrmIntegration | null> {
    return this.repo(manager).findOne({
      where: this.scoped(organizationId),
      lock: { mode: 'pessimistic_write' },
    });
  }

  async delete(organizationId: string, id: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).delete(this.scoped(organizationId, { id }));
  }

  async recordSynced(organizationId: string, at: Date, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update(this.scoped(organizationId), { lastSyncedAt: at });
  }

  /** Notes an error on the connection; `broken` also puts it in error until it is connected again. */
  async recordError(
    organizationId: string,
    id: string,
    error: { message: string; broken: boolean },
    manager?: EntityManager,
  ): Promise<void> {
    await this.repo(manager).update(
      this.scoped(organizationId, { id }),
      error.broken ? { status: 'error', lastError: error.message } : { lastError: error.message },
    );
  }
}
