import type { Readable } from 'node:stream';

/** Where a call's recording is kept, in every storage driver. */
export function recordingKey(organizationId: string, callId: string): string {
  return `${organizationId}/${callId}`;
}

/** Where recordings live; API instances and workers must all reach the same store. */
export abstract class RecordingStorage {
  /** Moves a finished local file into the store under `key`. */
  abstract put(key: string, localPath: string, contentType: string | null): Promise<void>;
  /** Reads bytes [start, end] inclusive, or the whole object. */
  abstract read(key: string, range?: { start: number; end: number }): Promise<Readable>;
  abstract size(key: string): Promise<number>;
  /** A local path for tools that need a file (audio probing, transcription upload). */
  abstract withLocalFile<T>(key: string, use: (path: string) => Promise<T>): Promise<T>;
  abstract delete(key: string): Promise<void>;
}
