import { ConfigService } from '@nestjs/config';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PeriodicTasks } from '../../../queue/periodic-tasks.service.js';
import { StaleUploadsSweep } from './stale-uploads.sweep.js';

describe(StaleUploadsSweep.name, () => {
  const hour = 3_600_000;
  let dataDir: string;
  let sut: StaleUploadsSweep;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'aila-stale-uploads-'));
    sut = new StaleUploadsSweep(
      {} as PeriodicTasks,
      new ConfigService({ DATA_DIR: dataDir, STALE_UPLOAD_AGE_MS: hour }),
    );
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  /** A file in DATA_DIR/uploads last written `ageMs` ago. */
  function upload(name: string, ageMs: number): string {
    const path = join(dataDir, 'uploads', name);
    mkdirSync(join(dataDir, 'uploads'), { recursive: true });
    writeFileSync(path, 'bytes');
    const written = new Date(Date.now() - ageMs);
    utimesSync(path, written, written);
    return path;
  }

  it('removes files older than STALE_UPLOAD_AGE_MS and keeps younger ones', async () => {
    const old = upload('old', 2 * hour);
    const fresh = upload('fresh', 10 * 60_000);

    expect(await sut.sweep()).toBe(1);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });

  it('leaves anything but files alone, and everything outside DATA_DIR/uploads', async () => {
    const folder = join(dataDir, 'uploads', 'folder');
    mkdirSync(folder, { recursive: true });
    const oldTime = new Date(Date.now() - 2 * hour);
    utimesSync(folder, oldTime, oldTime);
    const recording = join(dataDir, 'recordings', 'org', 'call');
    mkdirSync(join(dataDir, 'recordings', 'org'), { recursive: true });
    writeFileSync(recording, 'audio');
    utimesSync(recording, oldTime, oldTime);

    expect(await sut.sweep()).toBe(0);
    expect(existsSync(folder)).toBe(true);
    expect(existsSync(recording)).toBe(true);
  });

  it('finds nothing to do before the first upload created DATA_DIR/uploads', async () => {
    expect(await sut.sweep()).toBe(0);
  });
});
