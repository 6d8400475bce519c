import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { S3Storage } from './s3.storage.js';
import { LocalS3Server, startLocalS3Server } from './testing/local-s3-server.js';

async function text(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}

describe(S3Storage.name, () => {
  let server: LocalS3Server;
  let dataDir: string;
  let sut: S3Storage;
  const content = 'RIFF and then twenty-six more bytes of audio';

  const storage = (dir: string) =>
    new S3Storage({
      bucket: server.bucket,
      region: 'us-east-1',
      endpoint: server.endpoint,
      credentials: server.credentials,
      forcePathStyle: true,
      dataDir: dir,
    });

  const stored = async (key: string) => {
    const file = join(dataDir, `${key.replace(/\//g, '_')}.upload`);
    await writeFile(file, content);
    await sut.put(key, file, 'audio/wav');
    return file;
  };

  beforeAll(async () => {
    server = await startLocalS3Server();
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'aila-s3-storage-'));
    sut = storage(dataDir);
  });

  afterEach(async () => {
    sut.onApplicationShutdown();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('uploads a file, removes the local copy and reports its size', async () => {
    const file = await stored('org-1/call-1');
    expect(existsSync(file)).toBe(false);
    await expect(sut.size('org-1/call-1')).resolves.toBe(Buffer.byteLength(content));
  });

  it('reads the whole object or an inclusive byte range', async () => {
    await stored('org-1/call-2');
    await expect(text(await sut.read('org-1/call-2'))).resolves.toBe(content);
    await expect(text(await sut.read('org-1/call-2', { start: 4, end: 7 }))).resolves.toBe(
      content.slice(4, 8),
    );
  });

  it('is reachable from another instance with its own data directory (another machine)', async () => {
    await stored('org-1/call-3');
    const otherDir = await mkdtemp(join(tmpdir(), 'aila-s3-other-'));
    const other = storage(otherDir);
    try {
      await expect(text(await other.read('org-1/call-3'))).resolves.toBe(content);
    } finally {
      other.onApplicationShutdown();
      await rm(otherDir, { recursive: true, force: true });
    }
  });

  it('lends a temporary local copy under DATA_DIR/tmp and deletes it afterwards, even on failure', async () => {
    await stored('org-1/call-4');
    let lent = '';
    const read = await sut.withLocalFile('org-1/call-4', async (path) => {
      lent = path;
      return readFile(path, 'utf8');
    });
    expect(read).toBe(content);
    expect(lent.startsWith(join(dataDir, 'tmp'))).toBe(true);
    expect(existsSync(lent)).toBe(false);

    await expect(
      sut.withLocalFile('org-1/call-4', () => Promise.reject(new Error('probe failed'))),
    ).rejects.toThrow('probe failed');
    expect(await readdir(join(dataDir, 'tmp'))).toEqual([]);
  });

  it('deletes an object, after which it is gone', async () => {
    await stored('org-1/call-5');
    await sut.delete('org-1/call-5');
    await expect(sut.size('org-1/call-5')).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });
});
