import { JobQueue, type JobRunListener } from '../../queue/job-queue.js';
import { QueueName } from '../../queue/queue-names.js';
import { MetricsService } from './metrics.service.js';

class FakeQueue extends JobQueue {
  readonly listeners: JobRunListener[] = [];
  constructor(private readonly byQueue: Partial<Record<QueueName, Record<string, number>>>) {
    super();
  }
  async add(): Promise<void> {}
  onJobRun(listener: JobRunListener): void {
    this.listeners.push(listener);
  }
  async counts(queue: QueueName): Promise<Record<string, number>> {
    const counts = this.byQueue[queue];
    if (!counts) throw new Error('Redis is unreachable');
    return counts;
  }
  async close(): Promise<void> {}
}

describe(MetricsService.name, () => {
  let sut: MetricsService;
  let queue: FakeQueue;

  const values = async (name: string) =>
    (await sut.registry.getSingleMetric(name)!.get()).values.map((v) => ({
      labels: v.labels,
      value: v.value,
      metric: (v as { metricName?: string }).metricName,
    }));

  beforeEach(() => {
    queue = new FakeQueue({
      [QueueName.Calls]: { waiting: 3, active: 1, delayed: 0, failed: 2 },
    });
    sut = new MetricsService(queue);
  });

  it('counts and times requests by method, route pattern and status', async () => {
    sut.httpRequest('GET', '/v1/calls/:call_id', 200, 0.02);
    sut.httpRequest('GET', '/v1/calls/:call_id', 200, 0.3);
    sut.httpRequest('GET', '/v1/calls/:call_id', 404, 0.01);
    expect(await values('aila_http_requests_total')).toEqual([
      { labels: { method: 'GET', route: '/v1/calls/:call_id', status: '200' }, value: 2 },
      { labels: { method: 'GET', route: '/v1/calls/:call_id', status: '404' }, value: 1 },
    ]);
    const durations = await values('aila_http_request_duration_seconds');
    const count = durations.find(
      (d) => d.metric === 'aila_http_request_duration_seconds_count' && d.labels.status === '200',
    );
    const fast = durations.find((d) => d.labels.le === 0.025 && d.labels.status === '200');
    expect(count?.value).toBe(2);
    expect(fast?.value).toBe(1);
  });

  it('counts 429 answers as rate-limit rejections per route, and nothing else', async () => {
    sut.httpRequest('GET', '/v1/me', 429, 0.001);
    sut.httpRequest('GET', '/v1/me', 200, 0.001);
    sut.httpRequest('POST', '/v1/calls/upload', 429, 0.001);
    expect(await values('aila_rate_limit_rejections_total')).toEqual([
      { labels: { route: '/v1/me' }, value: 1 },
      { labels: { route: '/v1/calls/upload' }, value: 1 },
    ]);
  });

  it('reports queue depth per queue and state, leaving out queues it cannot count', async () => {
    expect(await values('aila_queue_jobs')).toEqual([
      { labels: { queue: 'calls', state: 'waiting' }, value: 3 },
      { labels: { queue: 'calls', state: 'active' }, value: 1 },
      { labels: { queue: 'calls', state: 'delayed' }, value: 0 },
      { labels: { queue: 'calls', state: 'failed' }, value: 2 },
    ]);
  });

  it("times the queue's job runs by queue and outcome", async () => {
    const [listener] = queue.listeners;
    listener({ queue: QueueName.Calls, name: 'process-call', outcome: 'completed', seconds: 0.2 });
    listener({ queue: QueueName.Webhooks, name: 'deliver', outcome: 'failed', seconds: 0.03 });
    const counts = (await values('aila_job_duration_seconds')).filter((v) =>
      v.metric?.endsWith('_count'),
    );
    expect(counts).toEqual([
      {
        labels: { queue: 'calls', outcome: 'completed' },
        value: 1,
        metric: 'aila_job_duration_seconds_count',
      },
      {
        labels: { queue: 'webhooks', outcome: 'failed' },
        value: 1,
        metric: 'aila_job_duration_seconds_count',
      },
    ]);
  });

  it('counts webhook deliveries by outcome', async () => {
    sut.webhookDelivery('succeeded');
    sut.webhookDelivery('succeeded');
    sut.webhookDelivery('gone');
    expect(await values('aila_webhook_deliveries_total')).toEqual([
      { labels: { outcome: 'succeeded' }, value: 2 },
      { labels: { outcome: 'gone' }, value: 1 },
    ]);
  });

  it('serves the text format, default process metrics included', async () => {
    const text = await sut.scrape();
    expect(text).toContain('# TYPE aila_http_requests_total counter');
    expect(text).toContain('aila_process_resident_memory_bytes');
  });
});
