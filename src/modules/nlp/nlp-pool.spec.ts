import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import type { TranscriptSegment } from '../conversation/index.js';
import { extractCallData } from '../extraction/data-extractor.js';
import { detectCommitments } from '../tasks/detection/commitment-detector.js';
import { NlpBudgetExceededError, NlpPool } from './nlp-pool.js';

const segments: TranscriptSegment[] = [
  {
    speaker: 'Sarah',
    role: null,
    start: 0,
    end: 5,
    text: "I'll send you the disclosure by Friday.",
  },
  { speaker: 'Mike', role: null, start: 5, end: 9, text: 'Thanks.' },
];
const context = {
  startedAt: new Date('2025-03-12T15:00:00Z'),
  agentSpeaker: 'Sarah',
  userId: 'rep-1',
};

describe(NlpPool.name, () => {
  describe('without a compiled worker (as under ts-jest)', () => {
    const sut = new NlpPool({ workerFile: null, threads: 2, timeoutMs: 1000 });

    it('reads the transcript on the calling thread, with the same result', async () => {
      expect(sut.threaded).toBe(false);
      await expect(sut.detectTasks(segments, context)).resolves.toEqual(
        detectCommitments(segments, context),
      );
    });

    it("hands the tasks found while extracting to the call's tasks step, once", async () => {
      const extraction = { ...context, defaultRegion: 'US' as const, now: context.startedAt };
      await expect(sut.extract(segments, extraction)).resolves.toEqual(
        extractCallData(segments, extraction),
      );
      const found = detectCommitments(segments, context);
      await expect(sut.detectTasks(segments, context)).resolves.toEqual(found);
      // Asked again (a retried step), it reads the transcript once more.
      await expect(sut.detectTasks(segments, context)).resolves.toEqual(found);
      await expect(
        sut.detectTasks(segments, { ...context, userId: 'rep-2' }),
      ).resolves.toMatchObject([{ assignee_user_id: 'rep-2' }]);
    });
  });

  describe('with a worker module', () => {
    // A stand-in for the compiled NLP worker: plain ESM, so the test needs no build.
    const dir = mkdtempSync(join(tmpdir(), 'nlp-pool-'));
    const workerFile = join(dir, 'worker.mjs');
    writeFileSync(
      workerFile,
      `import { threadId } from 'node:worker_threads';
       export default function (work) {
         if (work.kind === 'spin') for (;;);
         return { threadId, kind: work.kind };
       }`,
    );
    const sut = new NlpPool({
      workerFile: pathToFileURL(workerFile),
      threads: 2,
      // Long enough for a thread to start on a loaded machine (the budget counts from the
      // hand-off), short enough that the endless task below is stopped quickly.
      timeoutMs: 2000,
      idleTimeoutMs: 1000,
    });

    afterAll(async () => {
      await sut.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('runs work on another thread', async () => {
      expect(sut.threaded).toBe(true);
      const result = await sut.run<{ threadId: number; kind: string }>({ kind: 'echo' });
      expect(result.kind).toBe('echo');
      expect(result.threadId).not.toBe(threadId);
    });

    it('stops work that overruns its budget with a permanent error, and goes on serving', async () => {
      const spinning = sut.run({ kind: 'spin' });
      await expect(spinning).rejects.toBeInstanceOf(NlpBudgetExceededError);
      await expect(spinning).rejects.toThrow(
        /took longer than its 2000 ms budget \(NLP_TIMEOUT_MS\)/,
      );
      await expect(sut.run({ kind: 'after' })).resolves.toMatchObject({ kind: 'after' });
    });
  });
});
