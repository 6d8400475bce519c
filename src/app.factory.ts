import { RequestMethod } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import type { EnvironmentVariables } from './config/env.validation.js';
import { parseTrustProxy } from './config/trust-proxy.js';
import { loadOpenApiDocument } from './modules/docs/openapi-document.js';
import { httpMetricsMiddleware } from './modules/metrics/http-metrics.middleware.js';
import { MetricsService } from './modules/metrics/metrics.service.js';
import { mountQueueDashboard } from './modules/queue-dashboard/queue-dashboard.js';

export const API_PREFIX = 'v1';

/** Builds the HTTP application exactly as production runs it; tests use this too. */
export async function createApp(): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(await AppModule.forRoot(), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const config = app.get<ConfigService<EnvironmentVariables, true>>(ConfigService);

  // X-Forwarded-For decides the client address the failed-key limit counts, so it is believed
  // only from the proxies TRUST_PROXY names: by default from no one.
  app.set('trust proxy', parseTrustProxy(config.get('TRUST_PROXY', { infer: true })));
  app.disable('x-powered-by');
  // Hashing every JSON body for a weak ETag costs more than API clients gain from it.
  app.set('etag', false);
  // First, so the timing covers everything else a request goes through.
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  // Swagger UI needs inline scripts and styles on its own page only.
  app.use('/docs', helmet({ contentSecurityPolicy: false }));
  app.use(helmet());
  mountQueueDashboard(app);
  const origins = config.get('CORS_ORIGINS', { infer: true });
  if (origins) {
    app.enableCors({
      origin: origins === '*' ? true : origins.split(',').map((o) => o.trim()),
      exposedHeaders: [
        'X-Request-Id',
        'X-RateLimit-Limit',
        'X-RateLimit-Remaining',
        'X-RateLimit-Reset',
        'Retry-After',
        'Idempotent-Replayed',
      ],
    });
  }

  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'openapi.yaml', method: RequestMethod.GET },
      { path: 'openapi.json', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
    ],
  });
  SwaggerModule.setup('docs', app, loadOpenApiDocument(), {
    raw: false,
    customSiteTitle: 'Aila API',
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
  });
  return app;
}
