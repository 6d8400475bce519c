import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { SecretBox } from '../../common/crypto/secret-box.js';
import { AppError } from '../../common/errors/app-error.js';
import { assertPublicUrl, UnsafeUrlError } from '../../common/net/address-guard.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { secretContext } from './delivery/endpoint-sender.service.js';
import { generateWebhookSecret } from './delivery/webhook-signer.js';
import { CreateWebhookDto, UpdateWebhookDto } from './dto/webhook.dto.js';
import type { WebhookEndpoint } from './webhook-endpoint.entity.js';
import {
  WebhookEndpointRepository,
  type WebhookEndpointChanges,
} from './webhook-endpoint.repository.js';

/** After a rotation the previous secret keeps signing for this long. */
export const SECRET_ROTATION_OVERLAP_MS = 24 * 3_600_000;

export interface EndpointWithSecret {
  endpoint: WebhookEndpoint;
  secret: string;
}

/** An organization's webhook endpoints. Secrets are sealed at rest and shown only when issued. */
@Injectable()
export class WebhooksService {
  private readonly allowPrivate: boolean;

  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly box: SecretBox,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.allowPrivate = config.get('ALLOW_PRIVATE_URLS', { infer: true });
  }

  async create(organizationId: string, dto: CreateWebhookDto): Promise<EndpointWithSecret> {
    await this.assertAllowedUrl(dto.url);
    const id = randomUUID();
    const secret = generateWebhookSecret();
    const endpoint = await this.endpoints.create(organizationId, {
      id,
      url: dto.url,
      events: dto.events,
      description: dto.description ?? null,
      enabled: dto.enabled ?? true,
      disabledReason: null,
      secretEncrypted: this.box.seal(secret, secretContext(id)),
      previousSecretEncrypted: null,
      previousSecretExpiresAt: null,
      failingSince: null,
    });
    return { endpoint, secret };
  }

  list(
    organizationId: string,
    limit: number,
    offset: number,
  ): Promise<[WebhookEndpoint[], number]> {
    return this.endpoints.findPage(organizationId, limit, offset);
  }

  async get(organizationId: string, id: string): Promise<WebhookEndpoint> {
    return found(await this.endpoints.findById(organizationId, id));
  }

  async update(
    organizationId: string,
    id: string,
    dto: UpdateWebhookDto,
  ): Promise<WebhookEndpoint> {
    if (Object.values(dto).every((value) => value === undefined)) {
      throw AppError.validation(
        'body',
        'at least one of url, events, description, enabled',
        'Nothing to update',
      );
    }
    await this.get(organizationId, id);
    const changes: WebhookEndpointChanges = {};
    if (dto.url !== undefined) {
      await this.assertAllowedUrl(dto.url);
      changes.url = dto.url;
    }
    if (dto.events !== undefined) changes.events = dto.events;
    if (dto.description !== undefined) changes.description = dto.description;
    if (dto.enabled !== undefined) {
      changes.enabled = dto.enabled;
      // Re-enabling is a fresh start: the reason is gone and the 5-day clock restarts.
      if (dto.enabled) {
        changes.disabledReason = null;
        changes.failingSince = null;
      }
    }
    return found(await this.endpoints.update(organizationId, id, changes));
  }

  /** Its pending deliveries go with it (the rows cascade). */
  async remove(organizationId: string, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.get(organizationId, id);
    await this.endpoints.delete(organizationId, id);
    return endpoint;
  }

  async rotateSecret(organizationId: string, id: string): Promise<EndpointWithSecret> {
    const endpoint = await this.get(organizationId, id);
    const secret = generateWebhookSecret();
    // Both are sealed for the same endpoint, so the current ciphertext serves as the previous one.
    const rotated = await this.endpoints.update(organizationId, id, {
      previousSecretEncrypted: endpoint.secretEncrypted,
      previousSecretExpiresAt: new Date(Date.now() + SECRET_ROTATION_OVERLAP_MS),
      secretEncrypted: this.box.seal(secret, secretContext(endpoint.id)),
    });
    return { endpoint: found(rotated), secret };
  }

  /**
   * The creation-time half of the SSRF guard; deliveries check again when they connect, so a
   * name that later resolves elsewhere is still refused.
   */
  private async assertAllowedUrl(url: string): Promise<void> {
    try {
      await assertPublicUrl(url, { allowPrivate: this.allowPrivate });
    } catch (err) {
      if (!(err instanceof UnsafeUrlError)) throw err;
      throw AppError.validation(
        'url',
        this.allowPrivate ? 'an http or https URL' : 'a public https URL',
        `url ${err.message}`,
      );
    }
  }
}

function found(endpoint: WebhookEndpoint | null): WebhookEndpoint {
  if (!endpoint) throw AppError.notFound('Webhook');
  return endpoint;
}
