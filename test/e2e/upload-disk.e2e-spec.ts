import http from 'node:http';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentWav } from '../fixtures/audio.js';
import { ZOOM_VTT } from '../fixtures/transcripts.js';
import { AppProcess, freePort, runEnv, startAppProcess } from '../utils/app-process.js';
import { completedCall, createKey, createOrganization, eventually } from '../utils/factories.js';
import { recordResponse } from '../utils/spec-validator.js';
import { specCheckedAgent } from '../utils/test-app.js';

const MAX_RECORDING_BYTES = 96 * 1024;
const MAX_UPLOAD_BYTES = 128 * 1024;

interface Part {
  name: string;
  filename?: string;
  type?: string;
  body: Buffer | string;
}

/** A multipart body written by hand, for requests supertest cannot make (chunked, cut off). */
function multipart(parts: Part[]): { contentType: string; body: Buffer } {
  const boundary = `----aila${randomBytes(8).toString('hex')}`;
  const chunks = parts.flatMap((part) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"` +
        (part.filename ? `; filename="${part.filename}"` : '') +
        `\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`,
    ),
    Buffer.from(part.body),
    Buffer.from('\r\n'),
  ]);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]),
  };
}

/**
 * The built service, as a real process, receiving uploads into its own DATA_DIR: every outcome
 * of an upload (accepted, refused, cut off) must leave DATA_DIR/uploads as it found it, and
 * what a crash left there is swept once it is old.
 */
describe('Upload files on disk', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'aila-upload-disk-'));
  const uploadsDir = join(dataDir, 'uploads');
  const leftByCrash = join(uploadsDir, 'left-by-a-crash');
  const stillArriving = join(uploadsDir, 'still-arriving');
  let app: AppProcess;
  let port: number;
  let sut: ReturnType<typeof specCheckedAgent>;
  let key: string;

  /** Files in DATA_DIR/uploads now that were not there in `before`. */
  const newFiles = (before: string[]) =>
    readdirSync(uploadsDir).filter((name) => !before.includes(name));
  const upload = () => sut.post('/v1/calls/upload').set('X-API-Key', key);
  const batchUpload = () => sut.post('/v1/calls/batch-upload').set('X-API-Key', key);

  /** Sends `body` by hand; `chunked` leaves out Content-Length, so only counting can stop it. */
  function send(path: string, form: { contentType: string; body: Buffer }, chunked = false) {
    return new Promise<{ status: number; headers: Record<string, string>; body: unknown }>(
      (resolve, reject) => {
        const req = http.request({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path,
          headers: {
            'Content-Type': form.contentType,
            'X-API-Key': key,
            ...(chunked ? {} : { 'Content-Length': form.body.length }),
          },
        });
        req.on('error', reject);
        req.on('response', (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers as Record<string, string>,
              body: JSON.parse(text) as unknown,
            }),
          );
        });
        for (let at = 0; at < form.body.length; at += 16 * 1024)
          req.write(form.body.subarray(at, at + 16 * 1024));
        req.end();
      },
    );
  }

  beforeAll(async () => {
    mkdirSync(uploadsDir, { recursive: true });
    writeFileSync(leftByCrash, 'half a recording');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(leftByCrash, twoHoursAgo, twoHoursAgo);
    writeFileSync(stillArriving, 'the first bytes of a recording');

    port = await freePort();
    app = startAppProcess(
      runEnv({
        APP_ROLE: 'all',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        DATA_DIR: dataDir,
        SWEEP_INTERVAL_MS: '500',
        MAX_RECORDING_BYTES: String(MAX_RECORDING_BYTES),
        MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES),
      }),
    );
    await app.waitFor('listening on');
    sut = specCheckedAgent(`http://127.0.0.1:${port}`);
    const org = await createOrganization({
      http: sut,
      bootstrapKey: process.env.BOOTSTRAP_API_KEY!,
    });
    key = (await createKey({ http: sut }, org, ['calls:read', 'calls:write'])).secret;
  });

  afterAll(async () => {
    await app.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sweeps what a crash left once it is old, and keeps a file that may still be arriving', async () => {
    await eventually(async () => expect(existsSync(leftByCrash)).toBe(false), 20_000);
    expect(existsSync(stillArriving)).toBe(true);
  });

  it('removes the files of an upload refused as invalid (400)', async () => {
    const before = readdirSync(uploadsDir);
    const res = await upload()
      .attach('recording', silentWav(1), 'call.wav')
      .attach('transcript', Buffer.from(ZOOM_VTT), 'call.vtt')
      .expect(400);
    expect(res.body.error.details).toMatchObject({ field: 'user_id' });
    expect(newFiles(before)).toEqual([]);
  });

  it('removes the files of an upload whose recording is not audio (415)', async () => {
    const before = readdirSync(uploadsDir);
    await upload()
      .field('user_id', 'rep-415')
      .attach('recording', Buffer.from('this is not audio'), 'call.wav')
      .attach('transcript', Buffer.from(ZOOM_VTT), 'call.vtt')
      .expect(415);
    expect(newFiles(before)).toEqual([]);
  });

  it('removes the part of a recording received before it passed MAX_RECORDING_BYTES (413)', async () => {
    const before = readdirSync(uploadsDir);
    const res = await upload()
      .field('user_id', 'rep-413')
      .attach('recording', silentWav(7), 'call.wav')
      .expect(413);
    expect(res.body.error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: { max_bytes: MAX_RECORDING_BYTES },
    });
    expect(newFiles(before)).toEqual([]);
  });

  it('refuses a body larger than MAX_UPLOAD_BYTES, announced or not, and removes what it received (413)', async () => {
    const before = readdirSync(uploadsDir);
    const form = multipart([
      { name: 'user_id', body: 'rep-413' },
      { name: 'recording', filename: 'call.wav', type: 'audio/wav', body: silentWav(5) },
      { name: 'transcript', filename: 'call.txt', type: 'text/plain', body: 'a'.repeat(60_000) },
    ]);
    expect(form.body.length).toBeGreaterThan(MAX_UPLOAD_BYTES);

    for (const chunked of [false, true]) {
      const res = await send('/v1/calls/upload', form, chunked);
      recordResponse('post', '/v1/calls/upload', res);
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({
        error: { code: 'PAYLOAD_TOO_LARGE', details: { max_bytes: MAX_UPLOAD_BYTES } },
      });
      expect(newFiles(before)).toEqual([]);
    }
  });

  it('removes the part of a file received before the body turned out to end mid-file (400)', async () => {
    const before = readdirSync(uploadsDir);
    const form = multipart([
      { name: 'user_id', body: 'rep-cut' },
      { name: 'recording', filename: 'call.wav', type: 'audio/wav', body: silentWav(2) },
    ]);
    const cut = { ...form, body: form.body.subarray(0, form.body.length - 1024) };
    const res = await send('/v1/calls/upload', cut);
    recordResponse('post', '/v1/calls/upload', res);
    expect(res.status).toBe(400);
    expect(newFiles(before)).toEqual([]);
  });

  it('refuses more files than an upload has fields for, and removes them', async () => {
    const before = readdirSync(uploadsDir);
    await upload()
      .field('user_id', 'rep-files')
      .attach('recording', silentWav(1), 'call.wav')
      .attach('transcript', Buffer.from(ZOOM_VTT), 'call.vtt')
      .attach('another', Buffer.from('x'), 'x.bin')
      .expect(400);
    expect(newFiles(before)).toEqual([]);
  });

  it('keeps nothing but the stored recording of an accepted upload with an extra file field (202)', async () => {
    const before = readdirSync(uploadsDir);
    const res = await upload()
      .field('user_id', 'rep-extra')
      .attach('recording', silentWav(1), 'call.wav')
      .attach('attachment', Buffer.from('not asked for'), 'notes.txt')
      .expect(202);
    expect(newFiles(before)).toEqual([]);
    // The recording was moved out of the uploads into storage before the answer, so the
    // call's job still has it.
    const call = await completedCall<{ id: string; recording: { duration_seconds: number } }>(
      { http: sut },
      key,
      res.body.data.id,
    );
    expect(call.recording.duration_seconds).toBe(1);
    await sut.raw.get(`/v1/calls/${call.id}/recording`).set('X-API-Key', key).expect(200);
  });

  it('removes a transcript sent as a file once the upload is accepted (202)', async () => {
    const before = readdirSync(uploadsDir);
    const res = await upload()
      .field('user_id', 'rep-vtt')
      .attach('transcript', Buffer.from(ZOOM_VTT), 'call.vtt')
      .expect(202);
    expect(newFiles(before)).toEqual([]);
    const call = await completedCall<{ transcript: { format: string } }>(
      { http: sut },
      key,
      res.body.data.id,
    );
    expect(call.transcript.format).toBe('webvtt');
  });

  it('removes the files of an upload refused after they were read (409)', async () => {
    await upload()
      .field('user_id', 'rep-409')
      .field('external_id', 'disk-409')
      .attach('transcript', Buffer.from(ZOOM_VTT), 'call.vtt')
      .expect(202);
    const before = readdirSync(uploadsDir);
    await upload()
      .field('user_id', 'rep-409')
      .field('external_id', 'disk-409')
      .attach('recording', silentWav(1), 'call.wav')
      .attach('transcript', Buffer.from(ZOOM_VTT), 'call.vtt')
      .expect(409);
    expect(newFiles(before)).toEqual([]);
  });

  it('removes every file of a batch, accepted (202) or refused (400)', async () => {
    const before = readdirSync(uploadsDir);
    const calls = [
      { user_id: 'rep-batch', recording_file: 'first', transcript_file: 'first-vtt' },
      { user_id: 'rep-batch', transcript_file: 'second-vtt' },
    ];
    const res = await batchUpload()
      .field('calls', JSON.stringify(calls))
      .attach('first', silentWav(1), 'first.wav')
      .attach('first-vtt', Buffer.from(ZOOM_VTT), 'first.vtt')
      .attach('second-vtt', Buffer.from(ZOOM_VTT), 'second.vtt')
      .attach('unnamed', Buffer.from('named by no item'), 'unnamed.txt')
      .expect(202);
    expect(res.body.data.total).toBe(2);
    expect(newFiles(before)).toEqual([]);

    await batchUpload()
      .field('calls', JSON.stringify([{ ...calls[0], user_id: undefined }, calls[1]]))
      .attach('first', silentWav(1), 'first.wav')
      .attach('first-vtt', Buffer.from(ZOOM_VTT), 'first.vtt')
      .attach('second-vtt', Buffer.from(ZOOM_VTT), 'second.vtt')
      .expect(400);
    expect(newFiles(before)).toEqual([]);
  });

  it('removes the part of a file received before the client went away', async () => {
    const before = readdirSync(uploadsDir);
    const form = multipart([
      { name: 'user_id', body: 'rep-abort' },
      { name: 'recording', filename: 'call.wav', type: 'audio/wav', body: silentWav(2) },
    ]);
    const req = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/v1/calls/upload',
      headers: {
        'Content-Type': form.contentType,
        'Content-Length': form.body.length,
        'X-API-Key': key,
      },
    });
    const ended = new Promise((resolve) => req.on('error', resolve).on('close', resolve));
    req.write(form.body.subarray(0, form.body.length - 1024));
    await eventually(async () => expect(newFiles(before)).toHaveLength(1));

    req.destroy();
    await ended;
    await eventually(async () => expect(newFiles(before)).toEqual([]));
    // The service is still there for the next client.
    await sut.get('/v1/health/live').expect(200);
  });
});
