export interface RateLimitOptions {
  /** Retries after a 429 before that 429 is handed back (default 3). */
  maxRetries?: number;
  /** The longest wait accepted; a later reset hands the 429 back at once (default 60 s). */
  maxWaitMs?: number;
  /** Told before each wait, e.g. to log it. */
  onWait?: (waitMs: number, retry: number) => void;
}

type Fetch = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/**
 * A fetch that, on 429, waits as long as the server says (Retry-After, else X-RateLimit-Reset)
 * and tries again. Requests are cloned per attempt, so bodies are sent again intact.
 */
export function rateLimitAwareFetch(
  base: Fetch = globalThis.fetch,
  options: RateLimitOptions = {},
): Fetch {
  const maxRetries = options.maxRetries ?? 3;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  return async (input, init) => {
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    for (let retry = 1; ; retry += 1) {
      const response = await base(input instanceof Request ? input.clone() : input, init);
      if (response.status !== 429 || retry > maxRetries) return response;
      const waitMs = retryDelayMs(response.headers);
      if (waitMs === undefined || waitMs > maxWaitMs) return response;
      await response.body?.cancel();
      options.onWait?.(waitMs, retry);
      await wait(waitMs, signal ?? undefined);
    }
  };
}

/** Retry-After in seconds or as an HTTP date; the API's X-RateLimit-Reset is Unix milliseconds. */
export function retryDelayMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (retryAfter.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = Number(headers.get('x-ratelimit-reset'));
  return reset > 0 ? Math.max(0, reset - now) : undefined;
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}
