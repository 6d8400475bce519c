import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import { PermanentError } from '../../common/errors/permanent-error.js';
import { NlpBudgetExceededError, NlpPool } from './nlp-pool.js';
import { nlpWorker, type NlpWork } from './nlp-work.js';

interface Ran {
  threadId: number;
  name: string;
  text: string;
}

/** Work the stand-in worker module below answers; `load` is what the calling thread runs. */
function work(name: string): NlpWork<{ text: string }, Ran> {
  return { name, load: () => Promise.resolve(({ text }) => ({ threadId, name, text })) };
}

describe(NlpPool.name, () => {
  describe('without a compiled worker (as under ts-jest)', () => {
    const sut = new NlpPool({ workerFile: null, threads: 2, timeoutMs: 1000 });

    it('runs the work on the calling thread', async () => {
      expect(sut.threaded).toBe(false);
      await expect(sut.run(work('echo'), { text: 'hi' })).resolves.toEqual({
        threadId,
        name: 'echo',
        text: 'hi',
      });
    });
  });

  describe('with a worker module', () => {
    // A stand-in for the compiled worker entry: plain ESM, so the test needs no build.
    const dir = mkdtempSync(join(tmpdir(), 'nlp-pool-'));
    const workerFile = join(dir, 'worker.mjs');
    writeFileSync(
      workerFile,
      `import { threadId } from 'node:worker_threads';
       export default function ({ name, input }) {
         if (name === 'spin') for (;;);
         if (name === 'hoard') for (const kept = []; ; ) kept.push({ at: kept.length });
         return { threadId, name, text: input.text };
       }`,
    );
    const sut = new NlpPool({
      workerFile: pathToFileURL(workerFile),
      threads: 2,
      // Long enough for a thread to start on a loaded machine (the budget counts from the
      // hand-off), short enough that the endless task below is stopped quickly.
      timeoutMs: 2000,
      idleTimeoutMs: 1000,
      // Small enough that the hoarding task below fills a thread's heap in well under a second.
      resourceLimits: { maxOldGenerationSizeMb: 16 },
    });

    afterAll(async () => {
      await sut.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('runs work on another thread, by name', async () => {
      expect(sut.threaded).toBe(true);
      const result = await sut.run(work('echo'), { text: 'hi' });
      expect(result).toMatchObject({ name: 'echo', text: 'hi' });
      expect(result.threadId).not.toBe(threadId);
    });

    it('runs an input its work calls small on the calling thread, and a larger one on a thread', async () => {
      const sized: NlpWork<{ text: string }, Ran> = {
        ...work('sized'),
        runsHere: ({ text }) => text.length <= 5,
      };

      const small = await sut.run(sized, { text: 'hi' });
      const large = await sut.run(sized, { text: 'a longer text' });

      expect(small).toEqual({ threadId, name: 'sized', text: 'hi' });
      expect(large).toMatchObject({ name: 'sized', text: 'a longer text' });
      expect(large.threadId).not.toBe(threadId);
    });

    it('stops work that overruns its budget with a permanent error, and goes on serving', async () => {
      const spinning = sut.run(work('spin'), { text: '' });
      await expect(spinning).rejects.toBeInstanceOf(NlpBudgetExceededError);
      await expect(spinning).rejects.toThrow(
        /The transcript's spin took longer than its 2000 ms budget \(NLP_TIMEOUT_MS\)/,
      );
      await expect(sut.run(work('after'), { text: 'hi' })).resolves.toMatchObject({
        name: 'after',
      });
    });

    it('fails work whose thread runs out of memory with a permanent error, and goes on serving', async () => {
      const hoarding = sut.run(work('hoard'), { text: '' });
      // Permanent: the call's job fails at once instead of killing a thread on every attempt.
      await expect(hoarding).rejects.toBeInstanceOf(PermanentError);
      await expect(hoarding).rejects.toThrow(
        "The transcript's hoard ran out of memory and its thread was stopped; the transcript needs more memory than a reading thread has",
      );
      await expect(sut.run(work('after'), { text: 'hi' })).resolves.toMatchObject({
        name: 'after',
      });
    });
  });
});

describe(nlpWorker.name, () => {
  const sut = nlpWorker([work('echo'), work('other')]);

  it('runs the work named in the request', async () => {
    await expect(sut({ name: 'other', input: { text: 'hi' } })).resolves.toMatchObject({
      name: 'other',
      text: 'hi',
    });
  });

  it('refuses a name it does not list, and two works of one name', async () => {
    await expect(sut({ name: 'missing', input: {} })).rejects.toThrow(/No NLP work named/);
    expect(() => nlpWorker([work('echo'), work('echo')])).toThrow(/same name/);
  });
});
