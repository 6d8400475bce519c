import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationShutdown,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { settleWithin } from '../common/async/settle-within.js';
import { writeLogsAtOnce } from '../common/logging/log-output.js';
import type { EnvironmentVariables } from '../config/env.validation.js';
import { JobQueue } from '../queue/job-queue.js';

/** How often connections that finished their last response are closed while draining. */
const IDLE_SWEEP_MS = 100;
/** After the deadline, time left for closing queues and pools before the process exits anyway. */
const CLOSE_GRACE_MS = 3000;
/** Queues without active jobs close well within this, even when requests used up the deadline. */
const MIN_QUEUE_CLOSE_MS = 1000;

/**
 * A bounded, ordered stop (SIGTERM or app.close()). Registered in the root module, whose hooks
 * Nest runs before those of the modules it imports, so:
 * 1. before shutdown: the listener closes and in-flight requests finish while the queues and
 *    pools they use are still open; idle keep-alive connections are closed as they appear;
 * 2. on shutdown, after the other modules' before-shutdown hooks stopped their producers
 *    (the outbox dispatcher): the queues stop taking jobs and this process' active jobs finish,
 *    before the database and Redis connections close.
 * Requests still open at SHUTDOWN_TIMEOUT_MS are cut off. A job still running then holds Bull's
 * close (and so Nest's) open, so on a signal the process exits anyway CLOSE_GRACE_MS later;
 * Bull hands that job to another worker once its lock expires.
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(GracefulShutdown.name);
  private deadline = 0;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly queue: JobQueue,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    writeLogsAtOnce();
    const timeoutMs = this.config.get('SHUTDOWN_TIMEOUT_MS', { infer: true });
    this.deadline = Date.now() + timeoutMs;
    this.logger.log(
      `Shutting down${signal ? ` on ${signal}` : ''}: no new connections; finishing in-flight requests and jobs (at most ${timeoutMs} ms)`,
    );
    // Only a signal's shutdown owns the process; app.close() (tests, embedding) must not end it.
    if (signal) this.exitAfter(timeoutMs + CLOSE_GRACE_MS);
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (server?.listening && !(await this.drainHttp(server)))
      this.logger.warn('Requests still in flight at the shutdown deadline were cut off');
  }

  async onApplicationShutdown(): Promise<void> {
    const waitMs = Math.max(this.deadline - Date.now(), MIN_QUEUE_CLOSE_MS);
    if ((await settleWithin(this.queue.close(), waitMs)).done)
      this.logger.log('In-flight requests and jobs finished');
    else
      this.logger.warn('Jobs still running at the shutdown deadline are left for another worker');
  }

  /** Resolves true when every connection ended by itself, false when the deadline cut some off. */
  private drainHttp(server: Server): Promise<boolean> {
    return new Promise((resolve) => {
      let cutOff = false;
      const sweep = setInterval(() => {
        if (Date.now() < this.deadline) return server.closeIdleConnections();
        cutOff = true;
        server.closeAllConnections();
      }, IDLE_SWEEP_MS);
      server.close(() => {
        clearInterval(sweep);
        resolve(!cutOff);
      });
    });
  }

  private exitAfter(ms: number): void {
    setTimeout(() => {
      this.logger.error(`Shutdown did not finish within ${ms} ms; exiting now`);
      process.exit(1);
    }, ms).unref();
  }
}
