import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { OrganizationScopedRepository } from '../../database/organization-scoped.repository.js';
import { WebhookEndpoint, type WebhookSubscription } from './webhook-endpoint.entity.js';

type StoredFields =
  | 'url'
  | 'events'
  | 'description'
  | 'enabled'
  | 'disabledReason'
  | 'secretEncrypted'
  | 'previousSecretEncrypted'
  | 'previousSecretExpiresAt'
  | 'failingSince';

export type NewWebhookEndpoint = Pick<WebhookEndpoint, 'id' | StoredFields>;
export type WebhookEndpointChanges = Partial<Pick<WebhookEndpoint, StoredFields>>;

/** An enabled endpoint and what it is subscribed to. */
export interface EndpointSubscription {
  id: string;
  events: WebhookSubscription[];
}

/** An organization's webhook endpoints, and their health as deliveries report it. */
@Injectable()
export class WebhookEndpointRepository extends OrganizationScopedRepository<WebhookEndpoint> {
  constructor(@InjectRepository(WebhookEndpoint) repository: Repository<WebhookEndpoint>) {
    super(repository);
  }

  create(
    organizationId: string,
    endpoint: NewWebhookEndpoint,
    manager?: EntityManager,
  ): Promise<WebhookEndpoint> {
    const repository = this.repo(manager);
    return repository.save(repository.create({ ...endpoint, organizationId }));
  }

  /** Newest first. */
  findPage(
    organizationId: string,
    limit: number,
    offset: number,
    manager?: EntityManager,
  ): Promise<[WebhookEndpoint[], number]> {
    return this.repo(manager).findAndCount({
      where: this.scoped(organizationId),
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
      skip: offset,
    });
  }

  findById(
    organizationId: string,
    id: string,
    manager?: EntityManager,
  ): Promise<WebhookEndpoint | null> {
    return this.repo(manager).findOneBy(this.scoped(organizationId, { id }));
  }

  /** The endpoint as stored after the change; null when the organization has no such endpoint. */
  async update(
    organizationId: string,
    id: string,
    changes: WebhookEndpointChanges,
    manager?: EntityManager,
  ): Promise<WebhookEndpoint | null> {
    const { affected } = await this.repo(manager).update(this.scoped(organizationId, { id }), {
      ...changes,
    });
    return affected ? this.findById(organizationId, id, manager) : null;
  }

  /** Whether there was such an endpoint. Its deliveries go with it (the rows cascade). */
  async delete(organizationId: string, id: string, manager?: EntityManager): Promise<boolean> {
    const { affected } = await this.repo(manager).delete(this.scoped(organizationId, { id }));
    return Boolean(affected);
  }

  /** The enabled endpoints with the events each is subscribed to ('*': every event), in id order. */
  async findEnabledSubscriptions(
    organizationId: string,
    manager?: EntityManager,
  ): Promise<EndpointSubscription[]> {
    return (await this.repo(manager).query(
      `SELECT id, events FROM webhook_endpoints
        WHERE organization_id = $1 AND enabled
        ORDER BY id`,
      [organizationId],
    )) as EndpointSubscription[];
  }

  // The health updates are conditional: other attempts to the same endpoint finish concurrently.

  /** Disables the endpoint for `reason`, unless it is disabled already. */
  async disable(
    organizationId: string,
    id: string,
    reason: string,
    failingSince: Date | null,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repo(manager).query(
      `UPDATE webhook_endpoints
          SET enabled = false, disabled_reason = $3, failing_since = $4, updated_at = now()
        WHERE id = $1 AND organization_id = $2 AND enabled`,
      [id, organizationId, reason, failingSince],
    );
  }

  /** Starts the failing clock at `since`, unless it already runs. */
  async markFailingSince(
    organizationId: string,
    id: string,
    since: Date,
    manager?: EntityManager,
  ): Promise<void> {
    await this.repo(manager).query(
      `UPDATE webhook_endpoints SET failing_since = $3
        WHERE id = $1 AND organization_id = $2 AND failing_since IS NULL`,
      [id, organizationId, since],
    );
  }

  /** Stops the failing clock: a delivery succeeded. */
  async clearFailing(organizationId: string, id: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).query(
      `UPDATE webhook_endpoints SET failing_since = NULL
        WHERE id = $1 AND organization_id = $2 AND failing_since IS NOT NULL`,
      [id, organizationId],
    );
  }
}
