import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { settleWithin } from '../../common/async/settle-within.js';
import { JobQueue } from '../../queue/job-queue.js';
import { ALL_QUEUES } from '../../queue/queue-names.js';
import type { WebhookOutcome } from '../webhooks/delivery/webhook-sender.js';

/** Queue states worth alerting on; the completed count is not kept (jobs are removed on completion). */
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
/** A scrape must answer even while Redis does not: a queue's depth is then left out. */
const QUEUE_COUNT_TIMEOUT_MS = 1000;

/**
 * The service's Prometheus metrics, on a registry of its own (several apps in one process,
 * as in tests, never collide). Other modules report through the methods below.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly httpRequests = new Counter({
    name: 'aila_http_requests_total',
    help: 'HTTP requests answered, by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly httpDuration = new Histogram({
    name: 'aila_http_request_duration_seconds',
    help: 'Time from request to the end of the response, by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly rateLimitRejections = new Counter({
    name: 'aila_rate_limit_rejections_total',
    help: 'Requests refused with 429 RATE_LIMIT_EXCEEDED, by route pattern',
    labelNames: ['route'] as const,
    registers: [this.registry],
  });
  private readonly jobDuration = new Histogram({
    name: 'aila_job_duration_seconds',
    help: 'Time a job took in this process, by queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
    registers: [this.registry],
  });
  private readonly webhookDeliveries = new Counter({
    name: 'aila_webhook_deliveries_total',
    help: 'Webhook delivery attempts, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  constructor(queue: JobQueue) {
    collectDefaultMetrics({ register: this.registry, prefix: 'aila_' });
    queue.onJobRun(({ queue, outcome, seconds }) =>
      this.jobDuration.observe({ queue, outcome }, seconds),
    );
    new Gauge({
      name: 'aila_queue_jobs',
      help: 'Jobs per queue and state (the queue as a whole, not only this process)',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        await Promise.all(
          ALL_QUEUES.map(async (name) => {
            const settled = await settleWithin(queue.counts(name), QUEUE_COUNT_TIMEOUT_MS);
            const counts = settled.done ? settled.value : undefined;
            for (const state of QUEUE_STATES) {
              if (counts?.[state] !== undefined) this.set({ queue: name, state }, counts[state]);
            }
          }),
        );
      },
    });
  }

  /** Prometheus' text format. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  /** `route` is the route pattern (`/v1/calls/:call_id`), never the raw URL: labels stay few. */
  httpRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
    if (status === 429) this.rateLimitRejections.inc({ route });
  }

  webhookDelivery(outcome: WebhookOutcome): void {
    this.webhookDeliveries.inc({ outcome });
  }
}
