import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * The embedded default: a real PostgreSQL (PGlite, WebAssembly) with its files under
 * DATA_DIR, served on a loopback port so the app uses the same pg/TypeORM code path
 * as with a server. The socket serves one connection at a time: pool size 1.
 */
export class EmbeddedPostgres {
  private db?: PGlite;
  private server?: PGLiteSocketServer;

  constructor(private readonly dataDir: string) {}

  async start(): Promise<string> {
    const dir = resolve(this.dataDir, 'pgdata');
    await mkdir(dir, { recursive: true });
    this.db = await PGlite.create(dir);
    this.server = new PGLiteSocketServer({ db: this.db, host: '127.0.0.1', port: 0 });
    await this.server.start();
    const [host, port] = this.server.getServerConn().split(':');
    return `postgres://postgres@${host}:${port}/postgres`;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    await this.db?.close();
  }

  static dataPath(dataDir: string): string {
    return join(resolve(dataDir), 'pgdata');
  }
}
