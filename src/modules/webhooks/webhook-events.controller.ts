import { Controller, Get } from '@nestjs/common';
import { Authenticated } from '../../common/auth/authenticated.decorator.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { WebhookEventCatalogue } from './events/webhook-event-catalogue.js';

@Controller('webhook-events')
export class WebhookEventsController {
  constructor(private readonly catalogue: WebhookEventCatalogue) {}

  @Get()
  @Authenticated({ scope: 'webhooks:read' })
  list(): Schemas['WebhookEventInfo'][] {
    return this.catalogue.list();
  }
}
