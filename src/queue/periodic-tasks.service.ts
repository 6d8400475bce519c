import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { AppRole } from '../config/env.validation.js';
import type { EnvironmentVariables } from '../config/env.validation.js';

/**
 * Periodic sweeps (re-enqueueing work a crash or a Redis outage left behind, dispatching
 * the outbox). They run only in worker processes, and a PostgreSQL advisory lock lets
 * exactly one instance run each sweep at a time, in server and embedded mode alike.
 * Sweeps of a process's own files (`scheduleLocal`) run in every process instead.
 */
@Injectable()
export class PeriodicTasks implements OnApplicationShutdown {
  private readonly logger = new Logger(PeriodicTasks.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly config: ConfigService<EnvironmentVariables, true>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Registers `task`; the first run follows after one interval (start-up is left to do its own work). */
  schedule(
    name: string,
    task: (manager: EntityManager) => Promise<unknown>,
    intervalMs = this.config.get('SWEEP_INTERVAL_MS', { infer: true }),
  ): void {
    if (this.config.get('APP_ROLE', { infer: true }) === AppRole.Api) return;
    this.every(name, intervalMs, () => this.runExclusively(name, task));
  }

  /**
   * Registers `task` for files on a process's disk: it runs in every process, whatever its
   * role, without the lock, since instances need not share a disk (and the task must be
   * harmless when they do).
   */
  scheduleLocal(
    name: string,
    task: () => Promise<unknown>,
    intervalMs = this.config.get('SWEEP_INTERVAL_MS', { infer: true }),
  ): void {
    this.every(name, intervalMs, task);
  }

  /** Runs `run` every `intervalMs`, never twice at once, and not after shutdown began. */
  private every(name: string, intervalMs: number, run: () => Promise<unknown>): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy || this.stopped) return;
      busy = true;
      const running = run()
        .catch((err: Error) => this.logger.warn(`Periodic task ${name} failed: ${err.message}`))
        .finally(() => {
          busy = false;
          this.running.delete(running);
        });
      this.running.add(running);
    }, intervalMs);
    timer.unref();
    this.timers.push(timer);
  }

  /** Runs `task` in a transaction holding the task's advisory lock; false when another instance holds it. */
  async runExclusively(
    name: string,
    task: (manager: EntityManager) => Promise<unknown>,
  ): Promise<boolean> {
    const lockId = createHash('sha256').update(`aila:${name}`).digest().readInt32BE(0);
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = (await manager.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [
        lockId,
      ])) as { locked: boolean }[];
      if (!locked) return false;
      await task(manager);
      return true;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    await Promise.allSettled([...this.running]);
  }
}
