import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import { discoverProviders } from '../../../common/discovery/discover-providers.js';
import { SecretBox } from '../../../common/crypto/secret-box.js';
import { AppError } from '../../../common/errors/app-error.js';
import { assertPublicUrl, UnsafeUrlError } from '../../../common/net/address-guard.js';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import { ServerSecrets } from '../../../config/server-secrets.service.js';
import { Transactions } from '../../../database/transactions.js';
import { HUBSPOT_API_BASE_URL } from '../hubspot/hubspot-client.js';
import { CrmDisconnectListener } from './crm-disconnected.js';
import type { CrmIntegration } from './crm-integration.entity.js';
import { CrmIntegrationRepository } from './crm-integration.repository.js';
import type { CrmIntegrationRecord } from './crm-integration.types.js';
import { ConnectCrmDto } from './dto/connect-crm.dto.js';

/** Binds a sealed token to its organization: copied onto another organization's row, it does not open. */
const tokenContext = (organizationId: string) => `crm-integration:${organizationId}`;

/** The organization's CRM connection; the access token is sealed before it is stored. */
@Injectable()
export class CrmIntegrationsService implements OnApplicationBootstrap {
  private readonly box: SecretBox;
  private disconnectListeners: CrmDisconnectListener[] = [];

  constructor(
    private readonly integrations: CrmIntegrationRepository,
    private readonly transactions: Transactions,
    private readonly discovery: DiscoveryService,
    secrets: ServerSecrets,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.box = new SecretBox(secrets.encryptionKey);
  }

  onApplicationBootstrap(): void {
    this.disconnectListeners = discoverProviders(this.discovery, CrmDisconnectListener).map(
      (p) => p.instance as CrmDisconnectListener,
    );
  }

  /** Connecting again replaces the token and base URL and clears an error state. */
  async connect(organizationId: string, dto: ConnectCrmDto): Promise<CrmIntegration> {
    const baseUrl = (dto.base_url ?? HUBSPOT_API_BASE_URL).replace(/\/+$/, '');
    await this.assertReachableUrl(baseUrl);
    await this.integrations.upsert(organizationId, {
      provider: dto.provider,
      accessTokenEncrypted: this.box.seal(dto.access_token, tokenContext(organizationId)),
      baseUrl,
    });
    return this.get(organizationId);
  }

  async get(organizationId: string): Promise<CrmIntegration> {
    const integration = await this.integrations.find(organizationId);
    if (!integration) throw AppError.notFound('CRM integration');
    return integration;
  }

  /**
   * What depended on the connection (tasks still waiting for their push, which are given up
   * on) changes in the same transaction; synced tasks keep their CRM ids.
   */
  async disconnect(organizationId: string): Promise<CrmIntegration> {
    return this.transactions.run(async (manager) => {
      const integration = await this.integrations.lock(organizationId, manager);
      if (!integration) throw AppError.notFound('CRM integration');
      await this.integrations.delete(organizationId, integration.id, manager);
      for (const listener of this.disconnectListeners)
        await listener.onCrmDisconnected(organizationId, manager);
      return integration;
    });
  }

  /** The organization's connection, or null when it has none. */
  find(organizationId: string, manager?: EntityManager): Promise<CrmIntegrationRecord | null> {
    return this.integrations.find(organizationId, manager);
  }

  /** A task reached the CRM at `at`. */
  recordSynced(organizationId: string, at: Date, manager?: EntityManager): Promise<void> {
    return this.integrations.recordSynced(organizationId, at, manager);
  }

  /** A push failed: the error is noted on the connection; `broken` puts it in error. */
  recordError(
    integration: CrmIntegrationRecord,
    error: { message: string; broken: boolean },
    manager?: EntityManager,
  ): Promise<void> {
    return this.integrations.recordError(
      integration.organizationId,
      integration.id,
      error,
      manager,
    );
  }

  /** Throws when the token was sealed under another ENCRYPTION_KEY. */
  accessToken(integration: CrmIntegrationRecord): string {
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
