import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ConfigService } from '@nestjs/config';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  LocalS3Server,
  startLocalS3Server,
} from '../../src/modules/calls/storage/testing/local-s3-server.js';
import { silentWav } from '../fixtures/audio.js';
import { createKey, createOrganization, eventually } from '../utils/factories.js';
import { createTestApp, TestApp } from '../utils/test-app.js';

describe('Recordings on S3-compatible storage', () => {
  let s3: LocalS3Server;
  let sut: TestApp;
  const settings = () => ({
    STORAGE_DRIVER: 's3',
    S3_BUCKET: s3.bucket,
    S3_ENDPOINT: s3.endpoint,
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
  });

  beforeAll(async () => {
    s3 = await startLocalS3Server();
    sut = await createTestApp(settings());
  });

  afterAll(async () => {
    await sut?.close();
    await s3?.close();
  });

  it('stores an uploaded recording in the bucket, probes it and streams a range back', async () => {
    const org = await createOrganization(sut);
    const key = (await createKey(sut, org, ['calls:read', 'calls:write'])).secret;
    const audio = silentWav(2);
    const res = await sut.http
      .post('/v1/calls/upload')
      .set('X-API-Key', key)
      .field('user_id', 'rep-s3')
      .attach('recording', audio, { filename: 'call.wav', contentType: 'audio/wav' })
      .expect(202);
    const id = res.body.data.id as string;

    const call = await eventually(
      async () => {
        const got = await sut.http.get(`/v1/calls/${id}`).set('X-API-Key', key).expect(200);
        expect(got.body.data.status).toBe('completed');
        return got.body.data;
      },
      30_000,
      100,
    );
    // The duration comes from probing the audio, which needs the object back from the bucket.
    expect(call.recording).toMatchObject({ content_type: 'audio/wav', duration_seconds: 2 });

    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: s3.credentials,
    });
    try {
      const head = await client.send(
        new HeadObjectCommand({ Bucket: s3.bucket, Key: `${org.organizationId}/${id}` }),
      );
      expect(head.ContentLength).toBe(audio.length);
    } finally {
      client.destroy();
    }
    const dataDir = resolve(sut.app.get(ConfigService).getOrThrow<string>('DATA_DIR'));
    expect(existsSync(join(dataDir, 'recordings', org.organizationId, id))).toBe(false);

    const range = await sut.http.raw
      .get(`/v1/calls/${id}/recording`)
      .set('X-API-Key', key)
      .set('Range', 'bytes=40-99')
      .expect(206);
    expect(range.headers['content-range']).toBe(`bytes 40-99/${audio.length}`);
    expect(range.headers['content-type']).toBe('audio/wav');
    expect(Buffer.compare(range.body as Buffer, audio.subarray(40, 100))).toBe(0);

    const whole = await sut.http.raw
      .get(`/v1/calls/${id}/recording`)
      .set('X-API-Key', key)
      .expect(200);
    expect(Buffer.compare(whole.body as Buffer, audio)).toBe(0);
  });
});
