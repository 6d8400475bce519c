import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, copyFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { RecordingStorage } from './recording-storage.js';

/** Recordings as files under DATA_DIR/recordings (shared storage when DATA_DIR is a shared volume). */
export class LocalDiskStorage extends RecordingStorage {
  private readonly root: string;

  constructor(dataDir: string) {
    super();
    this.root = resolve(dataDir, 'recordings');
  }

  async put(key: string, localPath: string): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    try {
      await rename(localPath, target);
    } catch (err) {
      // A temporary file on another filesystem cannot be renamed into place.
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      await copyFile(localPath, target);
      await rm(localPath, { force: true });
    }
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    return createReadStream(this.path(key), range);
  }

  async size(key: string): Promise<number> {
    return (await stat(this.path(key))).size;
  }

  withLocalFile<T>(key: string, use: (path: string) => Promise<T>): Promise<T> {
    return use(this.path(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  private path(key: string): string {
    if (!/^[\w/.-]+$/.test(key) || key.includes('..')) throw new Error(`Unsafe storage key ${key}`);
    return join(this.root, key);
  }
}
