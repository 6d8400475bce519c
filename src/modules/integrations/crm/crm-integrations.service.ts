import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SecretBox } from '../../../common/crypto/secret-box.js';
import { AppError } from '../../../common/errors/app-error.js';
import { assertPublicUrl, UnsafeUrlError } from '../../../common/net/address-guard.js';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import { ServerSecrets } from '../../../config/server-secrets.service.js';
import { Task } from '../../tasks/task.entity.js';
import { HUBSPOT_API_BASE_URL } from '../hubspot/hubspot-client.js';
import { CrmIntegration } from './crm-integration.entity.js';
import { ConnectCrmDto } from './dto/connect-crm.dto.js';

export const DISCONNECTED_BEFORE_SYNC = 'The CRM was disconnected before this task was synced';

/** Binds a sealed token to its organization: copied onto another organization's row, it does not open. */
const tokenContext = (organizationId: string) => `crm-integration:${organizationId}`;

/** The organization's CRM connection; the access token is sealed before it is stored. */
@Injectable()
export class CrmIntegrationsService {
  private readonly box: SecretBox;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    secrets: ServerSecrets,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.box = new SecretBox(secrets.encryptionKey);
  }

  /** Connecting again replaces the token and base URL and clears an error state. */
  async connect(organizationId: string, dto: ConnectCrmDto): Promise<CrmIntegration> {
    const baseUrl = (dto.base_url ?? HUBSPOT_API_BASE_URL).replace(/\/+$/, '');
    await this.assertReachableUrl(baseUrl);
    const repo = this.dataSource.getRepository(CrmIntegration);
    const values = {
      provider: dto.provider,
      accessTokenEncrypted: this.box.seal(dto.access_token, tokenContext(organizationId)),
      baseUrl,
      status: 'connected' as const,
      lastError: null,
    };
    await repo
      .createQueryBuilder()
      .insert()
      .into(CrmIntegration)
      .values({ organizationId, ...values })
      .orUpdate(
        ['provider', 'access_token_encrypted', 'base_url', 'status', 'last_error', 'updated_at'],
        ['organization_id'],
      )
      .execute();
    return this.get(organizationId);
  }

  async get(organizationId: string): Promise<CrmIntegration> {
    const integration = await this.find(this.dataSource.manager, organizationId);
    if (!integration) throw AppError.notFound('CRM integration');
    return integration;
  }

  /** Tasks still waiting for their push are given up on; synced ones keep their CRM ids. */
  async disconnect(organizationId: string): Promise<CrmIntegration> {
    return this.dataSource.transaction(async (manager) => {
      const integration = await manager.findOne(CrmIntegration, {
        where: { organizationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!integration) throw AppError.notFound('CRM integration');
      await manager.delete(CrmIntegration, { id: integration.id, organizationId });
      await manager.update(
        Task,
        { organizationId, crmState: 'pending' },
        { crmState: 'failed', crmLastError: DISCONNECTED_BEFORE_SYNC },
      );
      return integration;
    });
  }

  find(manager: EntityManager, organizationId: string): Promise<CrmIntegration | null> {
    return manager.findOneBy(CrmIntegration, { organizationId });
  }

  /** Throws when the token was sealed under another ENCRYPTION_KEY. */
  accessToken(integration: CrmIntegration): string {
    return this.box.open(
      integration.accessTokenEncrypted,
      tokenContext(integration.organizationId),
    );
  }

  private async assertReachableUrl(baseUrl: string): Promise<void> {
    try {
      await assertPublicUrl(baseUrl, {
        allowPrivate: this.config.get('ALLOW_PRIVATE_URLS', { infer: true }),
      });
    } catch (err) {
      if (err instanceof UnsafeUrlError)
        throw AppError.validation('base_url', 'a public https URL', `base_url ${err.message}`);
      throw err;
    }
  }
}
