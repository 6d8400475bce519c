import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecretBox } from '../../common/crypto/secret-box.js';
import { ServerSecrets } from '../../config/server-secrets.service.js';
import { DeliveryAttempts } from './delivery/delivery-attempts.service.js';
import { DeliveryQueue } from './delivery/delivery-queue.service.js';
import { EndpointSender } from './delivery/endpoint-sender.service.js';
import { FanOutService } from './delivery/fan-out.service.js';
import { CallCompletedParticipant } from './events/call-completed.participant.js';
import { WebhookEventCatalogue } from './events/webhook-event-catalogue.js';
import { OutboxCommitSubscriber } from './jobs/outbox-commit.subscriber.js';
import { OutboxDispatcher } from './jobs/outbox-dispatcher.service.js';
import { PendingDeliveriesSweep } from './jobs/pending-deliveries.sweep.js';
import { OutboxModule } from './outbox/outbox.module.js';
import { WebhookDeliveriesService } from './webhook-deliveries.service.js';
import { WebhookEventsController } from './webhook-events.controller.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';
import { WebhookDeliveryRepository } from './webhook-delivery.repository.js';

/**
 * Webhook endpoints and delivery: outbox events are dispatched to the queue, fanned out to the
 * subscribed endpoints and delivered, signed, with retries and a per-attempt log. The event and
 * endpoint repositories come from OutboxModule, which EventOutbox needs them in.
 */
@Module({
  imports: [OutboxModule, TypeOrmModule.forFeature([WebhookDelivery])],
  controllers: [WebhooksController, WebhookEventsController],
  providers: [
    {
      provide: SecretBox,
      inject: [ServerSecrets],
      useFactory: (secrets: ServerSecrets) => new SecretBox(secrets.encryptionKey),
    },
    WebhookDeliveryRepository,
    WebhooksService,
    WebhookDeliveriesService,
    WebhookEventCatalogue,
    EndpointSender,
    DeliveryQueue,
    DeliveryAttempts,
    FanOutService,
    OutboxDispatcher,
    OutboxCommitSubscriber,
    PendingDeliveriesSweep,
    CallCompletedParticipant,
  ],
  exports: [FanOutService, DeliveryAttempts],
})
export class WebhooksModule {}
