/** How a promise ended within a time limit: `done` false when time ran out first. */
export type Settled<T> = { done: true; value?: T } | { done: false };

/**
 * Waits at most `ms` for `work`, without failing: a rejection counts as done (without value),
 * and work still pending at the limit is left to finish or fail on its own.
 */
export async function settleWithin<T>(work: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  try {
    return await Promise.race([
      work.then(
        (value): Settled<T> => ({ done: true, value }),
        (): Settled<T> => ({ done: true }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
