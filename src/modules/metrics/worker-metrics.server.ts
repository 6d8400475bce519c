import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Registry } from 'prom-client';
import { ErrorCode } from '../../common/errors/error-code.js';
import { AppRole } from '../../config/env.validation.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { bearerTokenMatches, METRICS_UNAUTHORIZED, metricsToken } from './metrics-token.guard.js';
import { MetricsService } from './metrics.service.js';

/**
 * A worker process serves no API, yet its job durations live in its own registry: with
 * METRICS_PORT set it answers GET /metrics (same token rule) and nothing else on that port.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkerMetricsServer.name);
  private readonly token: Buffer | undefined;
  private server?: Server;

  constructor(
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly metrics: MetricsService,
  ) {
    this.token = metricsToken(config);
  }

  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.get('METRICS_PORT', { infer: true });
    if (port === undefined || this.config.get('APP_ROLE', { infer: true }) !== AppRole.Worker)
      return;
    const server = createServer((req, res) => void this.answer(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, this.config.get('HOST', { infer: true }), resolve);
    });
    this.server = server;
    this.logger.log(`Serving GET /metrics on port ${port}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const path = new URL(req.url ?? '/', 'http://worker').pathname;
    if (req.method !== 'GET' || path !== '/metrics')
      return refuse(res, 404, ErrorCode.NotFound, `No route for ${req.method} ${path}`, requestId);
    if (!bearerTokenMatches(this.token, req.headers.authorization))
      return refuse(res, 401, ErrorCode.Unauthorized, METRICS_UNAUTHORIZED, requestId);
    const text = await this.metrics.scrape();
    res.writeHead(200, { 'Content-Type': Registry.PROMETHEUS_CONTENT_TYPE });
    res.end(text);
  }
}

/** The API's error envelope, for the two refusals this listener has. */
function refuse(
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  requestId: string,
): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ success: false, error: { code, message, request_id: requestId } }));
}
