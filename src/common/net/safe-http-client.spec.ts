import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnsafeUrlError } from './address-guard.js';
import {
  DownloadHttpError,
  DownloadTooLargeError,
  HttpTimeoutError,
  safeDownload,
  safeRequest,
} from './safe-http-client.js';
import {
  readRequestBody,
  startLocalHttpServer,
  type LocalHttpServer,
} from './testing/local-http-server.js';

const local = { allowPrivate: true, timeoutMs: 5000 };

describe(safeRequest.name, () => {
  const sut = safeRequest;
  let server: LocalHttpServer;
  const received: string[] = [];

  beforeAll(async () => {
    server = await startLocalHttpServer(async (request, response) => {
      received.push(`${request.method} ${request.url}`);
      const body = await readRequestBody(request);
      switch (request.url) {
        case '/echo':
          response.writeHead(201, { 'content-type': 'text/plain', 'x-length': body.length });
          response.end(`${request.headers['x-test']}:${body.toString()}`);
          break;
        case '/big':
          response.end(Buffer.alloc(100_000, 'a'));
          break;
        case '/redirect':
          response.writeHead(302, { location: '/echo' });
          response.end();
          break;
        case '/stall':
          response.writeHead(200);
          response.write('partial');
          break;
        default:
          response.writeHead(404);
          response.end();
      }
    });
  });

  afterAll(() => server.close());

  it('sends method, headers and body and returns status, headers and body', async () => {
    const result = await sut(`${server.url}/echo`, {
      ...local,
      method: 'POST',
      headers: { 'x-test': 'yes' },
      body: 'hello',
      maxResponseBytes: 1024,
    });

    expect(result.status).toBe(201);
    expect(result.headers['x-length']).toBe('5');
    expect(result.body.toString()).toBe('yes:hello');
    expect(result.truncated).toBe(false);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('cuts the body at maxResponseBytes and says so', async () => {
    const result = await sut(`${server.url}/big`, { ...local, maxResponseBytes: 2048 });

    expect(result.status).toBe(200);
    expect(result.body).toHaveLength(2048);
    expect(result.truncated).toBe(true);
  });

  it('returns a redirect as it is instead of following it', async () => {
    received.length = 0;

    const result = await sut(`${server.url}/redirect`, { ...local, maxResponseBytes: 1024 });

    expect(result.status).toBe(302);
    expect(result.headers.location).toBe('/echo');
    expect(received).toEqual(['GET /redirect']);
  });

  it('gives up with HttpTimeoutError when the response does not finish in time', async () => {
    const started = Date.now();

    const attempt = sut(`${server.url}/stall`, { ...local, timeoutMs: 200, maxResponseBytes: 64 });

    await expect(attempt).rejects.toBeInstanceOf(HttpTimeoutError);
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it.each([
    'http://127.0.0.1/',
    'http://10.0.0.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://169.254.169.254/',
    'http://100.64.0.1/',
    'http://[::1]/',
    'http://0.0.0.0/',
  ])('refuses %s before connecting when private URLs are not allowed', async (url) => {
    const attempt = sut(url, {
      allowPrivate: false,
      allowHttp: true,
      timeoutMs: 1000,
      maxResponseBytes: 64,
    });

    await expect(attempt).rejects.toMatchObject({ reason: 'forbidden_address' });
  });

  it('checks the addresses a host name resolves to at connection time', async () => {
    received.length = 0;

    const attempt = sut(`http://localhost:${server.port}/echo`, {
      allowPrivate: false,
      allowHttp: true,
      timeoutMs: 1000,
      maxResponseBytes: 64,
    });

    await expect(attempt).rejects.toBeInstanceOf(UnsafeUrlError);
    expect(received).toEqual([]);
  });

  it('reaches a local server by name when private URLs are allowed', async () => {
    const result = await sut(`http://localhost:${server.port}/echo`, {
      ...local,
      method: 'POST',
      body: 'x',
      maxResponseBytes: 64,
    });

    expect(result.status).toBe(201);
  });
});

describe(safeDownload.name, () => {
  const sut = safeDownload;
  let server: LocalHttpServer;
  let directory: string;
  const payload = Buffer.alloc(50_000, 7);

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'safe-download-'));
    server = await startLocalHttpServer((request, response) => {
      switch (request.url) {
        case '/file.wav':
          response.writeHead(200, { 'content-type': 'audio/wav' });
          response.end(payload);
          break;
        case '/chunked-big':
          // No content-length, so only counting the streamed bytes can catch it.
          response.writeHead(200);
          for (let i = 0; i < 20; i += 1) response.write(Buffer.alloc(10_000, 1));
          response.end();
          break;
        case '/stall':
          response.writeHead(200);
          response.write(Buffer.alloc(1000, 1));
          break;
        case '/moved':
          response.writeHead(301, { location: '/file.wav' });
          response.end();
          break;
        case '/to-ftp':
          response.writeHead(302, { location: 'ftp://127.0.0.1/file.wav' });
          response.end();
          break;
        case '/loop':
          response.writeHead(302, { location: '/loop' });
          response.end();
          break;
        default:
          response.writeHead(404);
          response.end('nope');
      }
    });
  });

  afterAll(async () => {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('streams the body to disk and reports size and type', async () => {
    const destination = join(directory, 'ok.wav');

    const result = await sut(`${server.url}/file.wav`, destination, { ...local, maxBytes: 60_000 });

    expect(result).toMatchObject({
      bytes: payload.length,
      contentType: 'audio/wav',
      finalUrl: `${server.url}/file.wav`,
    });
    expect(await readFile(destination)).toEqual(payload);
  });

  it('refuses a body announced larger than maxBytes', async () => {
    const destination = join(directory, 'announced.wav');

    const attempt = sut(`${server.url}/file.wav`, destination, { ...local, maxBytes: 10_000 });

    await expect(attempt).rejects.toBeInstanceOf(DownloadTooLargeError);
    expect(existsSync(destination)).toBe(false);
  });

  it('aborts a streamed body past maxBytes and deletes the partial file', async () => {
    const destination = join(directory, 'streamed.bin');

    const attempt = sut(`${server.url}/chunked-big`, destination, { ...local, maxBytes: 50_000 });

    await expect(attempt).rejects.toMatchObject({
      name: 'DownloadTooLargeError',
      maxBytes: 50_000,
    });
    expect(existsSync(destination)).toBe(false);
  });

  it('times out a stalled download and deletes the partial file', async () => {
    const destination = join(directory, 'stalled.bin');

    const attempt = sut(`${server.url}/stall`, destination, {
      ...local,
      timeoutMs: 200,
      maxBytes: 1_000_000,
    });

    await expect(attempt).rejects.toBeInstanceOf(HttpTimeoutError);
    expect(existsSync(destination)).toBe(false);
  });

  it('reports a non-2xx answer with its status', async () => {
    const attempt = sut(`${server.url}/missing`, join(directory, 'missing'), {
      ...local,
      maxBytes: 1000,
    });

    await expect(attempt).rejects.toMatchObject({ status: 404, transient: false });
    await expect(attempt).rejects.toBeInstanceOf(DownloadHttpError);
  });

  it('follows a redirect', async () => {
    const destination = join(directory, 'moved.wav');

    const result = await sut(`${server.url}/moved`, destination, { ...local, maxBytes: 60_000 });

    expect(result.finalUrl).toBe(`${server.url}/file.wav`);
    expect(result.bytes).toBe(payload.length);
  });

  it('puts every redirect target through the guard', async () => {
    const attempt = sut(`${server.url}/to-ftp`, join(directory, 'ftp'), {
      ...local,
      maxBytes: 1000,
    });

    await expect(attempt).rejects.toMatchObject({ reason: 'scheme_not_allowed' });
  });

  it('stops after maxRedirects', async () => {
    const attempt = sut(`${server.url}/loop`, join(directory, 'loop'), {
      ...local,
      maxBytes: 1000,
      maxRedirects: 3,
    });

    await expect(attempt).rejects.toThrow('more than 3 redirects');
  });

  it('refuses a private address unless private URLs are allowed', async () => {
    const attempt = sut(`${server.url}/file.wav`, join(directory, 'private.wav'), {
      allowPrivate: false,
      allowHttp: true,
      timeoutMs: 1000,
      maxBytes: 60_000,
    });

    await expect(attempt).rejects.toMatchObject({ reason: 'forbidden_address' });
  });
});
