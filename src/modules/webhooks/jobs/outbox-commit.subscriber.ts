import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  DataSource,
  EntitySubscriberInterface,
  InsertEvent,
  QueryRunner,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';
import { WebhookEvent } from '../outbox/webhook-event.entity.js';
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
    @InjectDataSource() dataSource: DataSource,
    private readonly dispatcher: OutboxDispatcher,
  ) {
    dataSource.subscribers.push(this);
  }

  listenTo() {
    return WebhookEvent;
  }

  afterInsert(event: InsertEvent<WebhookEvent>): void {
    this.withEvents.add(event.queryRunner);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    if (this.withEvents.delete(event.queryRunner)) this.dispatcher.dispatchSoon();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    this.withEvents.delete(event.queryRunner);
  }
}
