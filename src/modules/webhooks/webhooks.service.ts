import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Repository } from 'typeorm';
import { SecretBox } from '../../common/crypto/secret-box.js';
import { AppError } from '../../common/errors/app-error.js';
import { assertPublicUrl, UnsafeUrlError } from '../../common/net/address-guard.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { secretContext } from './delivery/endpoint-sender.service.js';
import { generateWebhookSecret } from './delivery/webhook-signer.js';
import { CreateWebhookDto, UpdateWebhookDto } from './dto/webhook.dto.js';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';

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
    @InjectRepository(WebhookEndpoint) private readonly endpoints: Repository<WebhookEndpoint>,
    private readonly box: SecretBox,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.allowPrivate = config.get('ALLOW_PRIVATE_URLS', { infer: true });
  }

  async create(organizationId: string, dto: CreateWebhookDto): Promise<EndpointWithSecret> {
    await this.assertAllowedUrl(dto.url);
    const id = randomUUID();
    const secret = generateWebhookSecret();
    const endpoint = this.endpoints.create({
      id,
      organizationId,
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
    return { endpoint: await this.endpoints.save(endpoint), secret };
  }

  list(
    organizationId: string,
    limit: number,
    offset: number,
  ): Promise<[WebhookEndpoint[], number]> {
    return this.endpoints.findAndCount({
      where: { organizationId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
      skip: offset,
    });
  }

  async get(organizationId: string, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.findOneBy({ organizationId, id });
    if (!endpoint) throw AppError.notFound('Webhook');
    return endpoint;
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
    const endpoint = await this.get(organizationId, id);
    if (dto.url !== undefined) {
      await this.assertAllowedUrl(dto.url);
      endpoint.url = dto.url;
    }
    if (dto.events !== undefined) endpoint.events = dto.events;
    if (dto.description !== undefined) endpoint.description = dto.description;
    if (dto.enabled !== undefined) {
      endpoint.enabled = dto.enabled;
      // Re-enabling is a fresh start: the reason is gone and the 5-day clock restarts.
      if (dto.enabled) {
        endpoint.disabledReason = null;
        endpoint.failingSince = null;
      }
    }
    return this.endpoints.save(endpoint);
  }

  /** Its pending deliveries go with it (the rows cascade). */
  async remove(organizationId: string, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.get(organizationId, id);
    await this.endpoints.delete({ organizationId, id });
    return endpoint;
  }

  async rotateSecret(organizationId: string, id: string): Promise<EndpointWithSecret> {
    const endpoint = await this.get(organizationId, id);
    const secret = generateWebhookSecret();
    // Both are sealed for the same endpoint, so the current ciphertext serves as the previous one.
    endpoint.previousSecretEncrypted = endpoint.secretEncrypted;
    endpoint.previousSecretExpiresAt = new Date(Date.now() + SECRET_ROTATION_OVERLAP_MS);
    endpoint.secretEncrypted = this.box.seal(secret, secretContext(endpoint.id));
    return { endpoint: await this.endpoints.save(endpoint), secret };
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
