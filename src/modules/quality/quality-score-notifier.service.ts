import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { CallRecord } from '../calls/call.types.js';
import { discoverProviders } from '../../common/discovery/discover-providers.js';
import { QualityScoreListener } from './quality-score-changed.js';

/** Finds every @QualityScoreListener() provider and tells it about score changes of completed calls. */
@Injectable()
export class QualityScoreNotifier implements OnApplicationBootstrap {
  private listeners: QualityScoreListener[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.listeners = discoverProviders(this.discovery, QualityScoreListener).map(
      (p) => p.instance as QualityScoreListener,
    );
  }

  /**
   * A call still processing is left out: its roll-up happens when it completes, with whatever
   * score it has then.
   */
  async scoreChanged(
    call: CallRecord,
    previousScore: number | null,
    manager: EntityManager,
  ): Promise<void> {
    if (call.status !== 'completed' || call.qualityScore === previousScore) return;
    for (const listener of this.listeners) {
      await listener.onQualityScoreChanged(call, previousScore, manager);
    }
  }
}
