import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { AuthContext } from '../api-keys/auth-context.js';
import { RedisService } from '../../common/redis/redis.service.js';
import { ServerSecrets } from '../../config/server-secrets.service.js';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import { hashApiKeySecret, hashesEqual } from '../api-keys/api-key-secrets.js';
import { effectiveRateLimit } from '../api-keys/rate-limit-policy.js';
import { OrganizationsService } from '../organizations/organizations.service.js';

const CACHE_TTL_MS = 60_000;
const LAST_USED_FLUSH_MS = 60_000;

/**
 * Runs a key lookup on an attempt from the failed-key budget, keeping the attempt spent when the
 * lookup finds no key; by default the lookup runs without one (the caller holds an attempt).
 */
export type LookupAdmission = (
  lookUp: () => Promise<AuthContext | undefined>,
) => Promise<AuthContext | undefined>;

interface CachedKey {
  auth: AuthContext;
  hash: string;
  /** The cached answer is good until this time (cache TTL, key expiry or the end of a rotation overlap). */
  validUntil: number;
}

interface InFlightLookup {
  /** The cache generation the lookup started in: once it has passed, the lookup may be stale. */
  generation: number;
  answer: Promise<AuthContext | undefined>;
}

/**
 * Turns a presented secret into the caller's organization and key. Keys are cached in
 * process for a minute; any change to a key or organization is announced on a Redis
 * channel so every instance drops its cache at once (revocation holds within a second).
 * Each drop starts a new generation: a lookup that began before it may have read a key the
 * change has since revoked, so it neither fills the cache nor is shared with later requests.
 */
@Injectable()
export class ApiKeyAuthenticator implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ApiKeyAuthenticator.name);
  private readonly cache = new Map<string, CachedKey>();
  /** Bumped whenever the cache is dropped; lookups begun in an earlier one may be stale. */
  private generation = 0;
  /** Lookups in flight, by key hash, with whatever attempt they hold; removed as they settle. */
  private readonly lookups = new Map<string, InFlightLookup>();
  private readonly lastUsed = new Map<string, Date>();
  private flushTimer?: NodeJS.Timeout;
  private readonly channel: string;

  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly organizations: OrganizationsService,
    private readonly secrets: ServerSecrets,
    private readonly redis: RedisService,
  ) {
    this.channel = redis.key('api-keys', 'changed');
  }

  async onModuleInit(): Promise<void> {
    this.apiKeys.onChange(() => this.invalidate());
    this.organizations.onChange(() => this.invalidate());
    this.flushTimer = setInterval(() => void this.flushLastUsed(), LAST_USED_FLUSH_MS);
    this.flushTimer.unref();
    if (!this.redis.enabled) return;
    const subscriber = this.redis.connect('api-key invalidation');
    subscriber.on('message', () => this.dropCache());
    // A subscriber that reconnects may have missed messages: start from a clean cache.
    subscriber.on('ready', () => this.dropCache());
    await subscriber
      .subscribe(this.channel)
      .catch((err: Error) => this.logger.warn(`Cannot subscribe: ${err.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flushLastUsed();
  }

  /**
   * The caller's key and organization, or undefined for an unknown, expired or revoked key. A
   * cached key is answered at once; any other is looked up through `admit`, which takes an
   * attempt from the failed-key budget first. Calls with one key while its lookup is in flight
   * share that lookup and its attempt: after the cache is cleared, a burst of one valid key costs
   * one attempt, not one each (which used up the budget and answered the rest 429). A call whose
   * shared lookup found nothing spends an attempt of its own without looking again, so every
   * failed request still counts; one whose shared lookup was refused or failed runs its own.
   * Only a lookup begun since the cache was last dropped is shared: one begun before may have
   * read a key that has been revoked since, so a later call starts its own, which takes the
   * older one's place in `lookups` (the older one, settling, leaves it there).
   */
  async authenticate(
    secret: string,
    admit: LookupAdmission = (lookUp) => lookUp(),
  ): Promise<AuthContext | undefined> {
    const hash = hashApiKeySecret(this.secrets.apiKeyPepper, secret);
    const cached = this.fromCache(hash);
    if (cached) return cached;
    const inFlight = this.lookups.get(hash);
    if (inFlight?.generation === this.generation) return this.share(inFlight.answer, hash, admit);
    const answer = admit(() => this.lookUp(hash)).finally(() => {
      if (this.lookups.get(hash)?.answer === answer) this.lookups.delete(hash);
    });
    this.lookups.set(hash, { generation: this.generation, answer });
    return answer;
  }

  /** Drops cached keys here and, through Redis, on every other instance. */
  async invalidate(): Promise<void> {
    this.dropCache();
    await this.redis.client?.publish(this.channel, 'changed').catch((err: Error) => {
      this.logger.warn(`Could not announce an API key change: ${err.message}`);
    });
  }

  /**
   * Clears the cache and starts a new generation, so lookups already in flight, which may have
   * read a key before the change, neither refill the cache nor answer calls made after it.
   */
  private dropCache(): void {
    this.generation += 1;
    this.cache.clear();
  }

  /** The cached key, if still valid; a stale entry is dropped. */
  private fromCache(hash: string): AuthContext | undefined {
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (!cached) return undefined;
    if (cached.validUntil <= now) {
      this.cache.delete(hash);
      return undefined;
    }
    if (!hashesEqual(cached.hash, hash)) return undefined;
    this.lastUsed.set(cached.auth.apiKey.id, new Date(now));
    return cached.auth;
  }

  private async share(
    inFlight: Promise<AuthContext | undefined>,
    hash: string,
    admit: LookupAdmission,
  ): Promise<AuthContext | undefined> {
    // null: the lookup was refused (the budget was used up) or failed before it answered.
    const found = await inFlight.catch(() => null);
    if (found) {
      this.lastUsed.set(found.apiKey.id, new Date());
      return found;
    }
    return admit(found === undefined ? () => Promise.resolve(undefined) : () => this.lookUp(hash));
  }

  /**
   * Reads the key and caches it, unless the cache was dropped while it was read: the key may
   * have changed after the read, and caching it would let a revoked key in until the entry
   * expired. The answer still goes to the call that asked, which came before the change.
   */
  private async lookUp(hash: string): Promise<AuthContext | undefined> {
    const now = Date.now();
    const generation = this.generation;
    const loaded = await this.load(hash, now);
    if (!loaded) return undefined;
    if (generation === this.generation) this.cache.set(hash, loaded);
    if (!hashesEqual(loaded.hash, hash)) return undefined;
    this.lastUsed.set(loaded.auth.apiKey.id, new Date(now));
    return loaded.auth;
  }

  private async load(hash: string, now: number): Promise<CachedKey | undefined> {
    const found = await this.apiKeys.findByPresentedHash(hash);
    if (!found) return undefined;
    const { key, organization } = found;
    const viaPrevious = key.secretHash !== hash;
    const limits = [
      now + CACHE_TTL_MS,
      key.expiresAt?.getTime(),
      viaPrevious ? key.previousSecretExpiresAt?.getTime() : undefined,
    ];
    return {
      hash: viaPrevious ? key.previousSecretHash! : key.secretHash,
      validUntil: Math.min(...limits.filter((t): t is number => t !== undefined)),
      auth: {
        organization,
        apiKey: key,
        rateLimit: effectiveRateLimit(organization, key),
      },
    };
  }

  /** One statement per flush: last_used_at is a hint, never a write on the request path. */
  private async flushLastUsed(): Promise<void> {
    if (this.lastUsed.size === 0) return;
    const entries = [...this.lastUsed.entries()];
    this.lastUsed.clear();
    await this.apiKeys
      .recordLastUsed(entries)
      .catch((err: Error) => this.logger.warn(`Could not record key usage: ${err.message}`));
  }
}
