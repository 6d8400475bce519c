import { jest } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import { PermanentError } from '../../common/errors/permanent-error.js';
import { NlpBudgetExceededError, NlpPool } from './nlp-pool.js';
import { nlpWorker, warmUp, type NlpWork } from './nlp-work.js';

interface Ran {
  threadId: number;
  name: string;
  text: string;
}

/** Work the stand-in worker module below answers; `load` is what the calling thread runs. */
function work(name: string): NlpWork<{ text: string }, Ran> {
  return { name, load: () => Promise.resolve(({ text }) => ({ threadId, name, text })) };
}

/**
 * A stand-in for the compiled worker entry, `preamble` run as it loads: plain ESM, so the test
 * needs no build. Its work echoes the request, spins for 'spin' and fills its heap for 'hoard'.
 */
function standInWorker(preamble: string): { workerFile: URL; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'nlp-pool-'));
  const workerFile = join(dir, 'worker.mjs');
  writeFileSync(
    workerFile,
    `import { threadId } from 'node:worker_threads';
     ${preamble}
     export default function ({ name, input }) {
       if (name === 'spin') for (;;);
       if (name === 'hoard') for (const kept = []; ; ) kept.push({ at: kept.length });
       return { threadId, name, text: input.text };
     }`,
  );
  return {
    workerFile: pathToFileURL(workerFile),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
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
    const { workerFile, remove } = standInWorker('');
    const sut = new NlpPool({
      workerFile,
      threads: 2,
      // Long enough for the quick tasks on a loaded machine, short enough that the endless
      // task below is stopped quickly.
      timeoutMs: 2000,
      idleTimeoutMs: 1000,
      // Small enough that the hoarding task below fills a thread's heap in well under a second.
      resourceLimits: { maxOldGenerationSizeMb: 16 },
    });

    afterAll(async () => {
      await sut.close();
      remove();
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
  describe('with a worker module that is slow to start', () => {
    // Loading the models and warming up take a while; the work's budget does not count it.
    const { workerFile, remove } = standInWorker(
      'await new Promise((resolve) => setTimeout(resolve, 1500));',
    );
    const sut = new NlpPool({
      workerFile,
      threads: 1,
      timeoutMs: 500,
      idleTimeoutMs: 1000,
      resourceLimits: { maxOldGenerationSizeMb: 16 },
    });

    afterAll(async () => {
      await sut.close();
      remove();
    });

    it("starts a work's budget once a thread is ready, and still stops work that overruns it", async () => {
      const started = Date.now();
      const [first, spinning] = [
        sut.run(work('echo'), { text: 'first' }),
        sut.run(work('spin'), { text: '' }),
      ];

      await expect(first).resolves.toMatchObject({ name: 'echo', text: 'first' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
      await expect(spinning).rejects.toBeInstanceOf(NlpBudgetExceededError);
      // The thread that replaces the stopped one starts as slowly; the next work waits for it.
      await expect(sut.run(work('echo'), { text: 'after' })).resolves.toMatchObject({
        text: 'after',
      });
    }, 20_000);

    it('waits for a new thread after one runs out of memory, before starting the next budget', async () => {
      // A thread that dies by itself is reported without its id; it must not count as ready.
      await expect(sut.run(work('hoard'), { text: '' })).rejects.toBeInstanceOf(PermanentError);
      await expect(sut.run(work('echo'), { text: 'next' })).resolves.toMatchObject({
        text: 'next',
      });
    }, 20_000);
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

describe(warmUp.name, () => {
  it('warms up each work that has a warm-up, and goes on past one that fails, with a warning', async () => {
    const warmed: string[] = [];
    const emitWarning = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      await warmUp([
        { ...work('first'), warmUp: () => Promise.resolve(void warmed.push('first')) },
        work('without'),
        { ...work('broken'), warmUp: () => Promise.reject(new Error('no model')) },
        { ...work('last'), warmUp: () => Promise.resolve(void warmed.push('last')) },
      ]);

      expect(warmed).toEqual(['first', 'last']);
      expect(emitWarning.mock.calls).toEqual([
        ['The NLP work "broken" failed to warm up: Error: no model'],
      ]);
    } finally {
      emitWarning.mockRestore();
    }
  });
});
