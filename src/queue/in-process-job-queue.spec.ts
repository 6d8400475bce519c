import { Process, Processor } from '@nestjs/bull';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import { Test, TestingModule } from '@nestjs/testing';
import { InProcessJobQueue } from './in-process-job-queue.js';
import type { JobRun, QueueJob } from './job-queue.js';
import { QueueName } from './queue-names.js';

/** A promise with its resolve function, so a test waits for an event rather than for time. */
function signal<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const seen: { handler: string; job: QueueJob }[] = [];
let held = signal();
let startedBoth = signal();

@Processor(QueueName.Calls)
class CallsProcessor {
  @Process({ name: 'slow', concurrency: 2 })
  async slow(job: QueueJob): Promise<void> {
    seen.push({ handler: 'slow', job });
    if (seen.filter((s) => s.handler === 'slow').length === 2) startedBoth.resolve();
    await held.promise;
  }
}

@Processor(QueueName.Calls)
class OtherCallsProcessor {
  readonly done = signal<QueueJob>();

  /** Adds no workers: it runs on CallsProcessor's two, as with Bull. */
  @Process({ name: 'quick', concurrency: 0 })
  async quick(job: QueueJob): Promise<string> {
    seen.push({ handler: 'quick', job });
    this.done.resolve(job);
    return 'quick';
  }

  notAHandler(): void {
    throw new Error('only @Process methods are handlers');
  }
}

@Processor(QueueName.Crm)
class FlakyProcessor {
  readonly gaveUp = signal<number>();
  attempts: number[] = [];

  @Process('flaky')
  async handle(job: QueueJob): Promise<void> {
    this.attempts.push(job.attemptsMade);
    if (job.attemptsMade + 1 === job.opts.attempts) this.gaveUp.resolve(job.attemptsMade);
    throw new Error('try again');
  }
}

describe(InProcessJobQueue.name, () => {
  let moduleRef: TestingModule;
  let sut: InProcessJobQueue;

  beforeEach(async () => {
    seen.length = 0;
    held = signal();
    startedBoth = signal();
    moduleRef = await Test.createTestingModule({
      imports: [DiscoveryModule],
      providers: [
        CallsProcessor,
        OtherCallsProcessor,
        FlakyProcessor,
        {
          provide: InProcessJobQueue,
          inject: [DiscoveryService, MetadataScanner],
          useFactory: (discovery: DiscoveryService, scanner: MetadataScanner) =>
            new InProcessJobQueue(discovery, scanner),
        },
      ],
    }).compile();
    await moduleRef.init();
    sut = moduleRef.get(InProcessJobQueue);
  });

  afterEach(async () => {
    held.resolve();
    await moduleRef.close();
  });

  /** The runs the driver reports, resolved once there are `count`. */
  function reportedRuns(count: number): Promise<JobRun[]> {
    const runs: JobRun[] = [];
    const reported = signal<JobRun[]>();
    sut.onJobRun((run) => {
      runs.push(run);
      if (runs.length === count) reported.resolve(runs);
    });
    return reported.promise;
  }

  it("runs each job with the @Process method of its name, on the queue's workers", async () => {
    const reported = reportedRuns(1);
    const other = moduleRef.get(OtherCallsProcessor);

    await sut.add(QueueName.Calls, 'quick', { n: 1 }, { jobId: 'q1' });
    const job = await other.done.promise;
    const runs = await reported;

    expect(job).toMatchObject({ id: 'q1', name: 'quick', data: { n: 1 }, attemptsMade: 0 });
    expect(seen.map((s) => s.handler)).toEqual(['quick']);
    expect(runs).toEqual([
      { queue: QueueName.Calls, name: 'quick', outcome: 'completed', seconds: expect.any(Number) },
    ]);
  });

  it('runs as many jobs of a queue at once as its handlers add workers, no more', async () => {
    await sut.add(QueueName.Calls, 'slow', {}, { jobId: 's1' });
    await sut.add(QueueName.Calls, 'slow', {}, { jobId: 's2' });
    await sut.add(QueueName.Calls, 'quick', {}, { jobId: 'q1' });
    await startedBoth.promise;

    expect(seen.map((s) => s.job.id)).toEqual(['s1', 's2']);
    await expect(sut.counts(QueueName.Calls)).resolves.toEqual({ waiting: 1, active: 2 });
    held.resolve();
    await moduleRef.get(OtherCallsProcessor).done.promise;
    expect(seen.map((s) => s.job.id)).toEqual(['s1', 's2', 'q1']);
  });

  it('retries a failing job as Bull does, then gives up', async () => {
    const reported = reportedRuns(3);
    const flaky = moduleRef.get(FlakyProcessor);

    await sut.add(QueueName.Crm, 'flaky', {}, { attempts: 3, backoffMs: 1 });
    await flaky.gaveUp.promise;
    const runs = await reported;

    expect(flaky.attempts).toEqual([0, 1, 2]);
    expect(runs.map((r) => r.outcome)).toEqual(['failed', 'failed', 'failed']);
  });

  it('queues the same job id once while it is pending', async () => {
    await sut.add(QueueName.Calls, 'slow', {}, { jobId: 'same' });
    await sut.add(QueueName.Calls, 'slow', {}, { jobId: 'same' });
    await sut.add(QueueName.Calls, 'slow', {}, { jobId: 'other' });
    await startedBoth.promise;

    expect(seen.map((s) => s.job.id)).toEqual(['same', 'other']);
  });

  it('closes only once the running jobs have finished, and starts no others', async () => {
    await sut.add(QueueName.Calls, 'slow', {}, { jobId: 'first' });
    await sut.add(QueueName.Calls, 'slow', {}, { jobId: 'second' });
    await sut.add(QueueName.Calls, 'quick', {}, { jobId: 'third' });
    await startedBoth.promise;

    let closed = false;
    const closing = sut.close().then(() => (closed = true));
    // Every pending callback runs before this, so only the held jobs can keep close() open.
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    held.resolve();
    await closing;

    expect(closed).toBe(true);
    expect(seen.map((s) => s.job.id)).toEqual(['first', 'second']);
  });
});
