import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation } from '../../database/postgres-errors.js';
import { AppError } from '../errors/app-error.js';
import { IdempotencyKey } from './idempotency-key.entity.js';

export const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;

export interface IdempotentResult<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/** A stable fingerprint of a request: same method, path and content, same fingerprint. */
export function requestFingerprint(method: string, path: string, content: unknown): string {
  return createHash('sha256')
    .update(`${method} ${path}\n${JSON.stringify(content)}`)
    .digest('hex');
}

/**
 * Stripe's Idempotency-Key semantics. The key is claimed by inserting its row in the same
 * transaction that does the work, so a concurrent duplicate waits on the unique index and
 * then replays the committed answer; a rolled-back attempt leaves the key free.
 */
@Injectable()
export class IdempotencyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run<T>(
    organizationId: string,
    key: string | undefined,
    fingerprint: string,
    work: (manager: EntityManager) => Promise<{ status: number; body: T }>,
  ): Promise<IdempotentResult<T>> {
    if (!key) return { ...(await this.dataSource.transaction(work)), replayed: false };
    if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
      throw AppError.validation(
        'Idempotency-Key',
        'up to 255 printable characters',
        'Invalid Idempotency-Key header',
      );
    }
    const earlier = await this.replay<T>(organizationId, key, fingerprint);
    if (earlier) return earlier;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const claim = await manager.save(
          manager.create(IdempotencyKey, {
            organizationId,
            key,
            requestFingerprint: fingerprint,
            responseStatus: 0,
            responseBody: null,
          }),
        );
        const result = await work(manager);
        await manager.update(
          IdempotencyKey,
          { id: claim.id },
          { responseStatus: result.status, responseBody: result.body as object },
        );
        return { ...result, replayed: false };
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        const winner = await this.replay<T>(organizationId, key, fingerprint);
        if (winner) return winner;
      }
      throw err;
    }
  }

  private async replay<T>(
    organizationId: string,
    key: string,
    fingerprint: string,
  ): Promise<IdempotentResult<T> | undefined> {
    const repo = this.dataSource.getRepository(IdempotencyKey);
    const row = await repo.findOneBy({ organizationId, key });
    if (!row) return undefined;
    if (row.createdAt.getTime() < Date.now() - IDEMPOTENCY_WINDOW_MS) {
      await repo.delete({ id: row.id });
      return undefined;
    }
    if (row.requestFingerprint !== fingerprint) {
      throw AppError.conflict('This Idempotency-Key was used with a different request', {
        idempotency_key: key,
      });
    }
    return { status: row.responseStatus ?? 202, body: row.responseBody as T, replayed: true };
  }
}
