import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { Authenticated, OwnOrganizationId } from '../../common/auth/authenticated.decorator.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { UuidParam } from '../../common/http/params.js';
import { Paginated } from '../../common/pagination/paginated.js';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto.js';
import { CreateWebhookDto, ListDeliveriesQueryDto, UpdateWebhookDto } from './dto/webhook.dto.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import { toDeliveryResponse, toWebhookResponse, toWebhookWithSecret } from './webhook.mapper.js';
import { WebhooksService } from './webhooks.service.js';

@Controller('organizations/:organizationId/webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly deliveries: WebhookDeliveriesService,
  ) {}

  @Post()
  @Authenticated({ scope: 'webhooks:write' })
  async create(
    @OwnOrganizationId() orgId: string,
    @Body() dto: CreateWebhookDto,
  ): Promise<Schemas['WebhookWithSecret']> {
    const { endpoint, secret } = await this.webhooks.create(orgId, dto);
    return toWebhookWithSecret(endpoint, secret);
  }

  @Get()
  @Authenticated({ scope: 'webhooks:read' })
  async list(
    @OwnOrganizationId() orgId: string,
    @Query() page: PaginationQueryDto,
  ): Promise<Paginated<Schemas['Webhook']>> {
    const [endpoints, total] = await this.webhooks.list(orgId, page.limit, page.offset);
    return new Paginated(endpoints.map(toWebhookResponse), total, page.limit, page.offset);
  }

  @Get(':webhookId')
  @Authenticated({ scope: 'webhooks:read' })
  async get(
    @OwnOrganizationId() orgId: string,
    @UuidParam('webhookId', 'Webhook') id: string,
  ): Promise<Schemas['Webhook']> {
    return toWebhookResponse(await this.webhooks.get(orgId, id));
  }

  @Patch(':webhookId')
  @Authenticated({ scope: 'webhooks:write' })
  async update(
    @OwnOrganizationId() orgId: string,
    @UuidParam('webhookId', 'Webhook') id: string,
    @Body() dto: UpdateWebhookDto,
  ): Promise<Schemas['Webhook']> {
    return toWebhookResponse(await this.webhooks.update(orgId, id, dto));
  }

  @Delete(':webhookId')
  @Authenticated({ scope: 'webhooks:write' })
  async remove(
    @OwnOrganizationId() orgId: string,
    @UuidParam('webhookId', 'Webhook') id: string,
  ): Promise<Schemas['Webhook']> {
    return toWebhookResponse(await this.webhooks.remove(orgId, id));
  }

  @Post(':webhookId/rotate-secret')
  @HttpCode(200)
  @Authenticated({ scope: 'webhooks:write' })
  async rotateSecret(
    @OwnOrganizationId() orgId: string,
    @UuidParam('webhookId', 'Webhook') id: string,
  ): Promise<Schemas['WebhookWithSecret']> {
    const { endpoint, secret } = await this.webhooks.rotateSecret(orgId, id);
    return toWebhookWithSecret(endpoint, secret);
  }

  @Post(':webhookId/test')
  @HttpCode(200)
  @Authenticated({ scope: 'webhooks:write' })
  test(
    @OwnOrganizationId() orgId: string,
    @UuidParam('webhookId', 'Webhook') id: string,
  ): Promise<Schemas['TestDeliveryResult']> {
    return this.deliveries.test(orgId, id);
  }

  @Get(':webhookId/deliveries')
  @Authenticated({ scope: 'webhooks:read' })
  async listDeliveries(
    @OwnOrganizationId() orgId: string,
    @UuidParam('webhookId', 'Webhook') id: string,
    @Query() query: ListDeliveriesQueryDto,
  ): Promise<Paginated<Schemas['WebhookDelivery']>> {
    const [deliveries, total] = await this.deliveries.list(orgId, id, query);
    return new Paginated(deliveries.map(toDeliveryResponse), total, query.limit, query.offset);
  }

  @Post(':webhookId/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @Authenticated({ scope: 'webhooks:write' })
  async redeliver(
    @OwnOrganizationId() orgId: string,
    @UuidParam('webhookId', 'Webhook') id: string,
    @UuidParam('deliveryId', 'Delivery') deliveryId: string,
  ): Promise<Schemas['WebhookDelivery']> {
    return toDeliveryResponse(await this.deliveries.redeliver(orgId, id, deliveryId));
  }
}
