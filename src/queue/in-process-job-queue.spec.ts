import { InProcessJobQueue } from './in-process-job-queue.js';
import { QueueName } from './queue-names.js';

describe(InProcessJobQueue.name, () => {
  it('closes only once the running jobs have finished, and starts no others', async () => {
    const sut = new InProcessJobQueue();
    const started: string[] = [];
    let finishFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => (finishFirst = resolve));
    let firstStarted!: () => void;
    const firstRunning = new Promise<void>((resolve) => (firstStarted = resolve));
    sut.process(QueueName.Calls, 1, async (job) => {
      started.push(String(job.id));
      if (job.id === 'first') {
        firstStarted();
        await firstHeld;
      }
    });
    await sut.add(QueueName.Calls, 'process', {}, { jobId: 'first' });
    await sut.add(QueueName.Calls, 'process', {}, { jobId: 'second' });
    await firstRunning;

    let closed = false;
    const closing = sut.close().then(() => (closed = true));
    // Every pending callback runs before this, so only the held job can keep close() open.
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    finishFirst();
    await closing;

    expect(closed).toBe(true);
    expect(started).toEqual(['first']);
  });
});
