import { validateEnvironment } from './env.validation.js';
import { parseTrustProxy } from './trust-proxy.js';

describe(validateEnvironment.name, () => {
  it('keeps recordings on local disk unless told otherwise', () => {
    const sut = validateEnvironment({});
    expect(sut.STORAGE_DRIVER).toBe('local');
    expect(sut.S3_REGION).toBe('us-east-1');
    expect(sut.S3_FORCE_PATH_STYLE).toBe(false);
    expect(sut.SHUTDOWN_TIMEOUT_MS).toBe(25_000);
  });

  it('reads an S3 configuration', () => {
    const sut = validateEnvironment({
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'aila-recordings',
      S3_ENDPOINT: 'http://minio:9000',
      S3_ACCESS_KEY_ID: 'minio',
      S3_SECRET_ACCESS_KEY: 'minio-secret',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(sut).toMatchObject({
      STORAGE_DRIVER: 's3',
      S3_BUCKET: 'aila-recordings',
      S3_ENDPOINT: 'http://minio:9000',
      S3_FORCE_PATH_STYLE: true,
    });
  });

  it('refuses the s3 driver without a bucket, one credential alone, recordings over 5 GiB and an unknown driver', () => {
    expect(() => validateEnvironment({ STORAGE_DRIVER: 's3' })).toThrow(
      'S3_BUCKET is required when STORAGE_DRIVER is s3',
    );
    expect(() =>
      validateEnvironment({ STORAGE_DRIVER: 's3', S3_BUCKET: 'b-1', S3_ACCESS_KEY_ID: 'id' }),
    ).toThrow('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together or not at all');
    expect(() =>
      validateEnvironment({
        STORAGE_DRIVER: 's3',
        S3_BUCKET: 'b-1',
        MAX_RECORDING_BYTES: String(6 * 1024 ** 3),
      }),
    ).toThrow('MAX_RECORDING_BYTES is at most 5 GiB with STORAGE_DRIVER s3');
    expect(() => validateEnvironment({ STORAGE_DRIVER: 'ftp' })).toThrow(
      'Invalid configuration: STORAGE_DRIVER',
    );
  });

  it('bounds upload bodies at 1 GiB and sweeps uploads left for an hour, unless told otherwise', () => {
    const sut = validateEnvironment({});
    expect(sut.MAX_UPLOAD_BYTES).toBe(1024 ** 3);
    expect(sut.STALE_UPLOAD_AGE_MS).toBe(3_600_000);
    expect(validateEnvironment({ MAX_UPLOAD_BYTES: '1048576' }).MAX_UPLOAD_BYTES).toBe(1048576);
    // Younger than a minute, a file may belong to an upload still in progress.
    expect(() => validateEnvironment({ STALE_UPLOAD_AGE_MS: '1000' })).toThrow(
      'Invalid configuration: STALE_UPLOAD_AGE_MS',
    );
  });

  it('refuses a metrics token too short to be a secret', () => {
    expect(() => validateEnvironment({ METRICS_TOKEN: 'short' })).toThrow(
      'Invalid configuration: METRICS_TOKEN',
    );
    expect(validateEnvironment({ METRICS_TOKEN: '' }).METRICS_TOKEN).toBeUndefined();
  });

  it('names the type a value fails before its bounds', () => {
    expect(() => validateEnvironment({ PORT: 'abc' })).toThrow(
      'Invalid configuration: PORT must be an integer number',
    );
    expect(() => validateEnvironment({ PORT: '70000' })).toThrow(
      'Invalid configuration: PORT must not be greater than 65535',
    );
  });

  it('trusts no proxy unless told, and reads TRUST_PROXY as Express does', () => {
    expect(parseTrustProxy(validateEnvironment({}).TRUST_PROXY)).toBe(false);
    expect(parseTrustProxy(validateEnvironment({ TRUST_PROXY: 'true' }).TRUST_PROXY)).toBe(true);
    expect(parseTrustProxy(validateEnvironment({ TRUST_PROXY: '2' }).TRUST_PROXY)).toBe(2);
    expect(
      parseTrustProxy(
        validateEnvironment({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8' }).TRUST_PROXY,
      ),
    ).toEqual(['loopback', '10.0.0.0/8', 'fd00::/8']);
  });

  it.each(['nginx', '10.0.0.0/99', '300.1.1.1', 'loopback,,maybe'])(
    'refuses TRUST_PROXY=%s at start-up',
    (value) => {
      expect(() => validateEnvironment({ TRUST_PROXY: value })).toThrow(
        'Invalid configuration: TRUST_PROXY',
      );
    },
  );
});
