/**
 * A named piece of CPU-bound work for the NLP pool. The feature that needs it defines it (the
 * function and its input and output types); the worker entry, `src/nlp.worker.ts`, lists every
 * one so that a thread finds the work by its name. Input and output are plain data: they are
 * copied between threads.
 */
export interface NlpWork<I, O> {
  /** Also names the work in a budget error: "The transcript's <name> took longer…". */
  readonly name: string;
  /** Loaded on the thread that runs the work: only that thread loads the NLP libraries and their models. */
  readonly load: () => Promise<(input: I) => O>;
  /**
   * Whether this input is small enough to run on the calling thread: handing work to a thread
   * and back costs the event loop about as much as a fraction of a millisecond of work.
   */
  readonly runsHere?: (input: I) => boolean;
  /**
   * Runs the work on inputs like the ones it is given, dropping the results: a starting thread
   * calls it before its first request (see `warmUp`).
   */
  readonly warmUp?: () => Promise<void>;
}

/** What the pool hands a worker thread. */
export interface NlpWorkRequest {
  name: string;
  input: unknown;
}

/** The worker entry's default export, which Piscina calls once per request: runs the work named. */
export function nlpWorker(
  works: readonly NlpWork<never, unknown>[],
): (request: NlpWorkRequest) => Promise<unknown> {
  const byName = new Map(works.map((work) => [work.name, work]));
  if (byName.size !== works.length) throw new Error('Two NLP works have the same name');
  return async ({ name, input }) => {
    const work = byName.get(name);
    if (!work) throw new Error(`No NLP work named "${name}" in the worker entry`);
    return (await work.load())(input as never);
  };
}

/**
 * Warms up each work that has a warm-up (`NlpWork.warmUp`): the worker entry awaits it as a
 * thread starts. V8 compiles a function's optimised code only after it has run a while, on its
 * own threads, so a new thread's first few hundred readings would otherwise run slower code
 * while paying for its compilation. A warm-up that fails is reported as a process warning, and
 * the thread serves all the same.
 */
export async function warmUp(works: readonly NlpWork<never, unknown>[]): Promise<void> {
  for (const work of works) {
    try {
      await work.warmUp?.();
    } catch (err) {
      process.emitWarning(`The NLP work "${work.name}" failed to warm up: ${String(err)}`);
    }
  }
}
