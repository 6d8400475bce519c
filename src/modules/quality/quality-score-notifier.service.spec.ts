import type { DiscoveryService } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { CallRecord } from '../calls/call.types.js';
import { QualityScoreListener } from './quality-score-changed.js';
import { QualityScoreNotifier } from './quality-score-notifier.service.js';

@QualityScoreListener()
class RecordingListener implements QualityScoreListener {
  readonly seen: [string, number | null, number | null][] = [];

  async onQualityScoreChanged(call: CallRecord, previousScore: number | null): Promise<void> {
    this.seen.push([call.id, previousScore, call.qualityScore]);
  }
}

class UnmarkedListener {
  readonly seen: unknown[] = [];

  async onQualityScoreChanged(call: CallRecord): Promise<void> {
    this.seen.push(call.id);
  }
}

function callWith(status: CallRecord['status'], qualityScore: number | null): CallRecord {
  return { id: 'call-1', status, qualityScore } as CallRecord;
}

describe(QualityScoreNotifier.name, () => {
  const manager = {} as EntityManager;
  let marked: RecordingListener;
  let unmarked: UnmarkedListener;
  let sut: QualityScoreNotifier;

  beforeEach(() => {
    marked = new RecordingListener();
    unmarked = new UnmarkedListener();
    const providers = [
      { metatype: RecordingListener, instance: marked },
      { metatype: UnmarkedListener, instance: unmarked },
      { metatype: null, instance: {} },
    ];
    sut = new QualityScoreNotifier({
      getProviders: () => providers,
    } as unknown as DiscoveryService);
    sut.onApplicationBootstrap();
  });

  it('tells the marked listeners when a completed call gets a new score', async () => {
    await sut.scoreChanged(callWith('completed', 81.8), 100, manager);

    expect(marked.seen).toEqual([['call-1', 100, 81.8]]);
    expect(unmarked.seen).toEqual([]);
  });

  it('tells them when a score appears or disappears', async () => {
    await sut.scoreChanged(callWith('completed', 50), null, manager);
    await sut.scoreChanged(callWith('completed', null), 50, manager);

    expect(marked.seen).toEqual([
      ['call-1', null, 50],
      ['call-1', 50, null],
    ]);
  });

  it('stays silent when the score did not change', async () => {
    await sut.scoreChanged(callWith('completed', 80), 80, manager);

    expect(marked.seen).toEqual([]);
  });

  it('stays silent for a call that has not completed yet', async () => {
    await sut.scoreChanged(callWith('processing', 80), null, manager);

    expect(marked.seen).toEqual([]);
  });
});
