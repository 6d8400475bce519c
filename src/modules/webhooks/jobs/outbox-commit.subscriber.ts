import { Injectable } from '@nestjs/common';
import type {
  EntitySubscriberInterface,
  InsertEvent,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { WebhookEvent } from '../outbox/webhook-event.entity.js';
import { WebhookEventRepository } from '../outbox/webhook-event.repository.js';
import { OutboxDispatcher } from './outbox-dispatcher.service.js';

/**
 * Starts the dispatcher as soon as a transaction that recorded webhook events commits, so
 * deliveries do not wait for the next sweep. Features keep calling EventOutbox.record and
 * need not know about it.
 */
@Injectable()
export class OutboxCommitSubscriber implements EntitySubscriberInterface<WebhookEvent> {
  private readonly withEvents = new WeakSet<QueryRunner>();

  constructor(
    events: WebhookEventRepository,
    private readonly dispatcher: OutboxDispatcher,
  ) {
    events.addSubscriber(this);
  }

  listenTo() {
    return WebhookEvent;
  }

  afterInsert(event: InsertEvent<WebhookEvent>): void {
    // An event stored as dispatched (it has no recipients) leaves the dispatcher nothing to do.
    if (event.entity?.dispatchedAt == null) this.withEvents.add(event.queryRunner);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (this.withEvents.delete(event.queryRunner)) this.dispatcher.dispatchSoon();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.withEvents.delete(event.queryRunner);
  }
}
