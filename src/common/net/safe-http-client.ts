import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import http, {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseGuardedUrl, resolvePublicAddresses, type UrlGuardOptions } from './address-guard.js';

/** The whole exchange (DNS, connect, headers, body) took longer than allowed. */
export class HttpTimeoutError extends Error {
  override readonly name = 'HttpTimeoutError';

  constructor(readonly timeoutMs: number) {
    super(`no complete response within ${timeoutMs} ms`);
  }
}

/** The download grew (or announced it would grow) past its byte limit; the partial file is gone. */
export class DownloadTooLargeError extends Error {
  override readonly name = 'DownloadTooLargeError';

  constructor(readonly maxBytes: number) {
    super(`download exceeds ${maxBytes} bytes`);
  }
}

/** The server answered a download with something other than 2xx. */
export class DownloadHttpError extends Error {
  override readonly name = 'DownloadHttpError';
  /** Worth retrying later: request time-out, rate limit or a server-side error. */
  readonly transient: boolean;

  constructor(
    readonly status: number,
    message = `download answered HTTP ${status}`,
  ) {
    super(message);
    this.transient = status === 408 || status === 429 || status >= 500;
  }
}

export interface SafeRequestOptions extends UrlGuardOptions {
  method?: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
  timeoutMs: number;
  /** The body is cut here (`truncated: true`) and the connection dropped, so a huge answer costs nothing. */
  maxResponseBytes: number;
  /** Redirects are never followed: a 3xx comes back as it is, `location` header included. */
  followRedirects?: false;
}

export interface SafeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  truncated: boolean;
  durationMs: number;
}

export interface SafeDownloadOptions extends UrlGuardOptions {
  maxBytes: number;
  timeoutMs: number;
  headers?: OutgoingHttpHeaders;
  /** Hops allowed; each target goes through the same guard as the first URL. Default 5. */
  maxRedirects?: number;
}

export interface SafeDownloadResult {
  bytes: number;
  contentType: string | null;
  /** The URL the file finally came from, after redirects. */
  finalUrl: string;
  durationMs: number;
}

/**
 * Resolves at connection time and checks every address, then hands the socket only the addresses it
 * checked: a DNS answer that changes between validation and connection (rebinding) cannot reach an
 * internal address, because nothing resolves the name again after this check.
 */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  resolvePublicAddresses(hostname).then(
    (addresses) => {
      const family = familyNumber(options.family);
      const usable = family === 0 ? addresses : addresses.filter((a) => a.family === family);
      if (usable.length === 0) {
        const error: NodeJS.ErrnoException = new Error(`no IPv${family} address for ${hostname}`);
        error.code = 'ENOTFOUND';
        callback(error, '');
      } else if (options.all) {
        callback(null, usable);
      } else {
        callback(null, usable[0].address, usable[0].family);
      }
    },
    (error: NodeJS.ErrnoException) => callback(error, ''),
  );
};

// Separate pools so that a kept-alive socket opened without the guard is never reused by a guarded call.
const guardedAgents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};
const openAgents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** One outbound HTTP exchange under the address guard, without following redirects. */
export async function safeRequest(url: string, options: SafeRequestOptions): Promise<SafeResponse> {
  const target = parseGuardedUrl(url, options);
  const started = performance.now();
  const deadline = startDeadline(options.timeoutMs);
  try {
    const response = await send(target, options, options, deadline.signal);
    const { body, truncated } = await readCapped(response, options.maxResponseBytes);
    return {
      status: response.statusCode ?? 0,
      headers: response.headers,
      body,
      truncated,
      durationMs: elapsedSince(started),
    };
  } catch (error) {
    throw deadline.explain(error);
  } finally {
    deadline.clear();
  }
}

/**
 * Streams a GET response to `destinationPath` without holding it in memory. Past `maxBytes`
 * (announced or actual), on time-out or on any other failure the partial file is deleted.
 */
export async function safeDownload(
  url: string,
  destinationPath: string,
  options: SafeDownloadOptions,
): Promise<SafeDownloadResult> {
  const started = performance.now();
  const deadline = startDeadline(options.timeoutMs);
  let fileOpened = false;
  try {
    const { response, finalUrl } = await openFollowingRedirects(url, options, deadline.signal);
    const status = response.statusCode ?? 0;
    if (status < 200 || status > 299) {
      response.destroy();
      throw new DownloadHttpError(status);
    }
    const announced = Number(response.headers['content-length']);
    if (Number.isFinite(announced) && announced > options.maxBytes) {
      response.destroy();
      throw new DownloadTooLargeError(options.maxBytes);
    }
    let bytes = 0;
    const limiter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        callback(
          bytes > options.maxBytes ? new DownloadTooLargeError(options.maxBytes) : null,
          chunk,
        );
      },
    });
    fileOpened = true;
    await pipeline(response, limiter, createWriteStream(destinationPath), {
      signal: deadline.signal,
    });
    return {
      bytes,
      contentType: response.headers['content-type'] ?? null,
      finalUrl,
      durationMs: elapsedSince(started),
    };
  } catch (error) {
    if (fileOpened) {
      await rm(destinationPath, { force: true });
    }
    throw deadline.explain(error);
  } finally {
    deadline.clear();
  }
}

async function openFollowingRedirects(
  url: string,
  options: SafeDownloadOptions,
  signal: AbortSignal,
): Promise<{ response: IncomingMessage; finalUrl: string }> {
  const maxRedirects = options.maxRedirects ?? 5;
  let next = url;
  for (let hop = 0; ; hop += 1) {
    const target = parseGuardedUrl(next, options);
    const response = await send(target, { headers: options.headers }, options, signal);
    const location = response.headers.location;
    if (!REDIRECT_STATUSES.has(response.statusCode ?? 0) || location === undefined) {
      return { response, finalUrl: target.href };
    }
    response.destroy();
    if (hop >= maxRedirects) {
      throw new DownloadHttpError(response.statusCode ?? 0, `more than ${maxRedirects} redirects`);
    }
    next = new URL(location, target).href;
  }
}

function send(
  target: URL,
  init: Pick<SafeRequestOptions, 'method' | 'headers' | 'body'>,
  guard: UrlGuardOptions,
  signal: AbortSignal,
): Promise<IncomingMessage> {
  const transport = target.protocol === 'https:' ? https : http;
  const agents = guard.allowPrivate ? openAgents : guardedAgents;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      target,
      {
        method: init.method ?? 'GET',
        headers: init.headers,
        agent: agents[target.protocol as 'http:' | 'https:'],
        lookup: guard.allowPrivate ? undefined : guardedLookup,
        signal,
      },
      resolve,
    );
    request.on('error', reject);
    request.end(init.body);
  });
}

function readCapped(
  response: IncomingMessage,
  maxBytes: number,
): Promise<{ body: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      const room = maxBytes - size;
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room));
        resolve({ body: Buffer.concat(chunks), truncated: true });
        response.destroy();
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    });
    response.on('end', () => resolve({ body: Buffer.concat(chunks), truncated: false }));
    response.on('error', reject);
    response.on('close', () => {
      if (!response.complete) {
        reject(new Error('connection closed before the response was complete'));
      }
    });
  });
}

function startDeadline(timeoutMs: number) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new HttpTimeoutError(timeoutMs)), timeoutMs);
  return {
    signal: controller.signal,
    clear: () => clearTimeout(timer),
    /** Errors caused by our own abort surface as the time-out they really are. */
    explain: (error: unknown): unknown =>
      controller.signal.aborted ? (controller.signal.reason as HttpTimeoutError) : error,
  };
}

function familyNumber(family: number | 'IPv4' | 'IPv6' | undefined): number {
  if (family === 'IPv4') return 4;
  if (family === 'IPv6') return 6;
  return family ?? 0;
}

function elapsedSince(started: number): number {
  return Math.round(performance.now() - started);
}
