import { plainToInstance, Transform } from 'class-transformer';
import { availableParallelism } from 'node:os';
import {
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  validateSync,
} from 'class-validator';
import { isTrustProxy } from './trust-proxy.js';

export enum AppRole {
  All = 'all',
  Api = 'api',
  Worker = 'worker',
}

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === true || value === 'true';
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/**
 * Every environment variable the service reads, validated once at start-up.
 * `.env.example` documents each of them; keep the two in step.
 */
export class EnvironmentVariables {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT = 3000;
  @IsOptional() @IsString() HOST = '0.0.0.0';
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  PUBLIC_BASE_URL?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^postgres(ql)?:\/\//, { message: 'must be a postgres:// URL' })
  DATABASE_URL?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(100) DATABASE_POOL_SIZE = 10;
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^rediss?:\/\//, { message: 'must be a redis:// URL' })
  REDIS_URL?: string;
  @IsOptional() @Matches(/^[A-Za-z0-9:_-]{1,64}$/) REDIS_PREFIX = 'aila';
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[\x21-\x7e]{24,128}$/, {
    message: 'must be 24 to 128 printable characters without spaces',
  })
  BOOTSTRAP_API_KEY?: string;
  @IsOptional() @IsString() @MinLength(1) BOOTSTRAP_ORG_NAME = 'Default';
  @IsOptional() @IsEnum(AppRole) APP_ROLE: AppRole = AppRole.All;
  @IsOptional() @IsString() DATA_DIR = './data';
  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL =
    'info';
  @IsOptional() @IsIn(['auto', 'json', 'pretty']) LOG_FORMAT: 'auto' | 'json' | 'pretty' = 'auto';
  @IsOptional() @Transform(emptyToUndefined) @IsString() @MinLength(32) API_KEY_PEPPER?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hex characters (32 bytes)' })
  ENCRYPTION_KEY?: string;
  @IsOptional() @IsString() CORS_ORIGINS = '';
  /** Which peers may set X-Forwarded-For (the client IP the failed-key limit counts): none by default. */
  @IsOptional()
  @ValidateBy({
    name: 'isTrustProxy',
    validator: {
      validate: isTrustProxy,
      defaultMessage: () =>
        'must be true, false, a number of hops, or comma-separated IP addresses, CIDR ranges, loopback, linklocal or uniquelocal',
    },
  })
  TRUST_PROXY = 'false';
  @IsOptional()
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must be a size such as 1mb or 512kb' })
  JSON_BODY_LIMIT = '1mb';
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) MAX_RECORDING_BYTES = 500 * 1024 * 1024;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
  @IsOptional() @Transform(toInt) @IsInt() @Min(60_000) STALE_UPLOAD_AGE_MS = 3_600_000;
  @IsOptional() @Transform(toBool) @IsBoolean() ALLOW_PRIVATE_URLS = false;
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\//)
  TRANSCRIPTION_BASE_URL?: string;
  @IsOptional() @IsString() TRANSCRIPTION_API_KEY = '';
  @IsOptional() @IsString() TRANSCRIPTION_MODEL = 'whisper-1';
  @IsOptional()
  @Matches(/^\d+(\.\d+)?(,\d+(\.\d+)?)*$/, {
    message: 'must be comma-separated seconds, e.g. 5,300,1800',
  })
  @Transform(emptyToUndefined)
  WEBHOOK_RETRY_SCHEDULE?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000) WEBHOOK_CONCURRENCY = 20;
  /** The NLP runs on NLP_THREADS threads; more calls than threads keep them busy while others wait on the database. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  CALL_WORKER_CONCURRENCY = Math.min(100, 4 * availableParallelism());
  /**
   * One core is left to the event loop, which does the pipeline's database work (about as much
   * CPU per call as the NLP); each thread holds its own copy of the NLP models (about 50 MB).
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  NLP_THREADS = Math.max(1, availableParallelism() - 1);
  @IsOptional() @Transform(toInt) @IsInt() @Min(100) @Max(3_600_000) NLP_TIMEOUT_MS = 30_000;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) SWEEP_INTERVAL_MS = 15000;
  @IsOptional() @IsIn(['local', 's3']) STORAGE_DRIVER: 'local' | 's3' = 'local';
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'must be an S3 bucket name' })
  S3_BUCKET?: string;
  @IsOptional()
  @Transform(emptyToUndefined)
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http(s) URL' })
  S3_ENDPOINT?: string;
  @IsOptional() @IsString() @MinLength(1) S3_REGION = 'us-east-1';
  @IsOptional() @Transform(emptyToUndefined) @IsString() S3_ACCESS_KEY_ID?: string;
  @IsOptional() @Transform(emptyToUndefined) @IsString() S3_SECRET_ACCESS_KEY?: string;
  @IsOptional() @Transform(toBool) @IsBoolean() S3_FORCE_PATH_STYLE = false;
  @IsOptional() @Transform(emptyToUndefined) @IsString() @MinLength(16) METRICS_TOKEN?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(65535) METRICS_PORT?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(600_000) SHUTDOWN_TIMEOUT_MS = 25_000;
}

/** Validates `process.env`; the first problem stops start-up with one line naming the variable. */
export function validateEnvironment(raw: Record<string, unknown>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { exposeDefaultValues: true });
  const errors = validateSync(env, { whitelist: false, skipMissingProperties: false });
  if (errors.length > 0) {
    const first = errors[0];
    // class-validator lists a property's failures from its last decorator up; the first one
    // written is its type, which says most (PORT=abc "must be an integer", not "at most 65535").
    const why = Object.values(first.constraints ?? {}).at(-1) ?? 'is invalid';
    throw new Error(
      `Invalid configuration: ${first.property} ${why.replace(`${first.property} `, '')}`,
    );
  }
  // Server mode shares its database with other instances: they must all hash keys and
  // encrypt tokens alike, so these cannot be generated per process.
  if (env.DATABASE_URL) {
    for (const name of ['API_KEY_PEPPER', 'ENCRYPTION_KEY'] as const) {
      if (!env[name])
        throw new Error(`Invalid configuration: ${name} is required when DATABASE_URL is set`);
    }
  }
  if (env.STORAGE_DRIVER === 's3' && !env.S3_BUCKET)
    throw new Error('Invalid configuration: S3_BUCKET is required when STORAGE_DRIVER is s3');
  // One PutObject carries at most 5 GiB.
  if (env.STORAGE_DRIVER === 's3' && env.MAX_RECORDING_BYTES > 5 * 1024 ** 3)
    throw new Error(
      'Invalid configuration: MAX_RECORDING_BYTES is at most 5 GiB with STORAGE_DRIVER s3',
    );
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY))
    throw new Error(
      'Invalid configuration: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together or not at all',
    );
  return env;
}
