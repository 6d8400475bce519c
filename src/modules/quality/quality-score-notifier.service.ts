import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { Call } from '../calls/call.entity.js';
import { QUALITY_SCORE_LISTENER, type QualityScoreListener } from './quality-score-changed.js';

/** Finds every @QualityScoreListener() provider and tells it about score changes of completed calls. */
@Injectable()
export class QualityScoreNotifier implements OnApplicationBootstrap {
  private listeners: QualityScoreListener[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap(): void {
    this.listeners = this.discovery
      .getProviders()
      .filter(
        (w) =>
          w.metatype &&
          w.instance &&
          Reflect.getMetadata(QUALITY_SCORE_LISTENER, w.metatype) === true,
      )
      .map((w) => w.instance as QualityScoreListener);
  }

  /**
   * A call still processing is left out: its roll-up happens when it completes, with whatever
   * score it has then.
   */
  async scoreChanged(
    call: Call,
    previousScore: number | null,
    manager: EntityManager,
  ): Promise<void> {
    if (call.status !== 'completed' || call.qualityScore === previousScore) return;
    for (const listener of this.listeners) {
      await listener.onQualityScoreChanged(call, previousScore, manager);
    }
  }
}
