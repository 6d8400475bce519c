import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { GracefulShutdown } from './bootstrap/graceful-shutdown.service.js';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter.js';
import { BodyParsingMiddleware } from './common/http/body-parsing.middleware.js';
import { EnvelopeInterceptor } from './common/http/envelope.interceptor.js';
import { assignRequestId } from './common/http/request-id.js';
import { logDestination, resolveLogFormat, wiringAtDebug } from './common/logging/log-output.js';
import { RateLimitGuard } from './common/rate-limit/rate-limit.guard.js';
import { RateLimitModule } from './common/rate-limit/rate-limit.module.js';
import { RedisModule } from './common/redis/redis.module.js';
import { createValidationPipe } from './common/validation/validation.pipe.js';
import { AppConfigModule } from './config/config.module.js';
import type { EnvironmentVariables } from './config/env.validation.js';
import { DatabaseModule } from './database/database.module.js';
import { QueueModule } from './queue/queue.module.js';
import { AnalyticsModule } from './modules/analytics/analytics.module.js';
import { ApiKeysModule } from './modules/api-keys/api-keys.module.js';
import { ApiKeyGuard } from './modules/auth/api-key.guard.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { ScopeGuard } from './common/auth/scope.guard.js';
import { CallsModule } from './modules/calls/calls.module.js';
import { CallJobsModule } from './modules/calls/jobs/call-jobs.module.js';
import { ContactsModule } from './modules/contacts/contacts.module.js';
import { DocsModule } from './modules/docs/docs.module.js';
import { ExtractionModule } from './modules/extraction/extraction.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { CrmJobsModule } from './modules/tasks/jobs/crm-jobs.module.js';
import { IntegrationsModule } from './modules/integrations/integrations.module.js';
import { MetricsModule } from './modules/metrics/metrics.module.js';
import { MismoModule } from './modules/mismo/mismo.module.js';
import { NlpModule } from './modules/nlp/nlp.module.js';
import { OrganizationsModule } from './modules/organizations/organizations.module.js';
import { QualityJobsModule } from './modules/quality/jobs/quality-jobs.module.js';
import { QualityModule } from './modules/quality/quality.module.js';
import { TasksModule } from './modules/tasks/tasks.module.js';
import { OutboxModule } from './modules/webhooks/outbox/outbox.module.js';
import { WebhookJobsModule } from './modules/webhooks/jobs/webhook-jobs.module.js';
import { WebhooksModule } from './modules/webhooks/webhooks.module.js';

/**
 * Secrets never reach the logs. The request serializer below writes no headers at all; these
 * paths stay as a backstop for anything that logs a request object itself.
 */
const REDACTED = ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'];

@Module({})
export class AppModule implements NestModule {
  /**
   * Awaits the configuration before building anything else, so an invalid one rejects here,
   * where the caller sees it. Inside Nest's module scan it would not surface: ConditionalModule
   * (the queue's) waits for a configuration that never loads, and the process ends silently.
   */
  static async forRoot(): Promise<DynamicModule> {
    const configModule = await AppConfigModule.forRoot();
    return {
      module: AppModule,
      imports: [
        configModule,
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService<EnvironmentVariables, true>) => ({
            pinoHttp: [
              {
                level: config.get('LOG_LEVEL', { infer: true }),
                genReqId: assignRequestId,
                redact: { paths: REDACTED, remove: true },
                // One short line per request: what was asked, how it ended, how long it took.
                // The serializers read the request and response themselves: pino's standard
                // ones would first copy every header of every request only for us to drop them.
                wrapSerializers: false,
                serializers: {
                  req: (req: { id: string; method: string; originalUrl: string }) => ({
                    id: req.id,
                    method: req.method,
                    url: req.originalUrl,
                  }),
                  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
                },
                customLogLevel: (_req: unknown, res: { statusCode: number }, err?: Error) =>
                  err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
                hooks: { logMethod: wiringAtDebug },
              },
              logDestination(
                resolveLogFormat(config.get('LOG_FORMAT', { infer: true }), process.stdout.isTTY),
              ),
            ],
          }),
        }),
        RedisModule,
        DatabaseModule,
        RateLimitModule,
        QueueModule.forRoot({
          processors: [CallJobsModule, QualityJobsModule, CrmJobsModule, WebhookJobsModule],
        }),
        OutboxModule,
        NlpModule.forRoot(new URL('./nlp.worker.js', import.meta.url)),
        HealthModule,
        MetricsModule,
        DocsModule,
        AuthModule,
        ApiKeysModule,
        OrganizationsModule,
        CallsModule,
        WebhooksModule,
        ExtractionModule,
        TasksModule,
        IntegrationsModule,
        MismoModule,
        AnalyticsModule,
        ContactsModule,
        QualityModule,
      ],
      providers: [
        GracefulShutdown,
        // Order matters: who is calling, then their budget, then what they may do.
        { provide: APP_GUARD, useExisting: ApiKeyGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useExisting: ScopeGuard },
        { provide: APP_INTERCEPTOR, useClass: EnvelopeInterceptor },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(BodyParsingMiddleware).forRoutes('*path');
  }
}
