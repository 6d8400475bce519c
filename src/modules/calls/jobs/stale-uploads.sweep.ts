import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { opendir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { EnvironmentVariables } from '../../../config/env.validation.js';
import { PeriodicTasks } from '../../../queue/periodic-tasks.service.js';
import { uploadsDir } from '../upload/upload-files.interceptor.js';

/**
 * Removes what a crash (or a process killed mid-request) left in DATA_DIR/uploads. Every
 * request removes its own files before it answers, and an accepted recording is moved into the
 * recording storage before its call is committed, so no job ever reads a file there: one not
 * written to for STALE_UPLOAD_AGE_MS belongs to no request. A file still arriving is younger,
 * since every write updates its modification time.
 */
@Injectable()
export class StaleUploadsSweep implements OnApplicationBootstrap {
  private readonly logger = new Logger(StaleUploadsSweep.name);
  private readonly dir: string;
  private readonly maxAgeMs: number;

  constructor(
    private readonly periodic: PeriodicTasks,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.dir = uploadsDir(config.get('DATA_DIR', { infer: true }));
    this.maxAgeMs = config.get('STALE_UPLOAD_AGE_MS', { infer: true });
  }

  onApplicationBootstrap(): void {
    this.periodic.scheduleLocal('calls.remove-stale-uploads', () => this.sweep());
  }

  /** Removes the files of DATA_DIR/uploads last written before `now - STALE_UPLOAD_AGE_MS`. */
  async sweep(now = Date.now()): Promise<number> {
    let removed = 0;
    let dir;
    try {
      dir = await opendir(this.dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
    for await (const entry of dir) {
      if (!entry.isFile()) continue;
      const path = join(this.dir, entry.name);
      try {
        if (now - (await stat(path)).mtimeMs < this.maxAgeMs) continue;
        await rm(path);
        removed += 1;
      } catch (err) {
        // Gone already: its request (or another instance on a shared disk) removed it.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    if (removed > 0) this.logger.warn(`Removed ${removed} upload file(s) left by an earlier crash`);
    return removed;
  }
}
