import {
  FAILING_ENDPOINT_DISABLE_AFTER_MS,
  GONE_REASON,
  planAfterAttempt,
  type AttemptPlanInput,
} from './attempt-plan.js';
import type { WebhookAttemptResult } from './webhook-sender.js';

describe(planAfterAttempt.name, () => {
  const sut = planAfterAttempt;
  const now = new Date('2025-03-12T15:00:00.000Z');
  const schedule = [1000, 60_000, 3_600_000];
  const noJitter = () => 0.5;
  const failed: WebhookAttemptResult = {
    outcome: 'failed',
    status: 500,
    durationMs: 12,
    responseExcerpt: 'boom',
    error: 'HTTP 500',
  };

  function input(overrides: Partial<AttemptPlanInput> = {}): AttemptPlanInput {
    return {
      result: failed,
      attempt: 1,
      schedule,
      failingSince: null,
      now,
      random: noJitter,
      ...overrides,
    };
  }

  it('ends a delivery that succeeded and clears the endpoint failure streak', () => {
    const plan = sut(
      input({
        result: { ...failed, outcome: 'succeeded', status: 200, error: undefined },
        failingSince: new Date('2025-03-10T00:00:00.000Z'),
      }),
    );

    expect(plan).toEqual({
      status: 'succeeded',
      nextRetryAt: null,
      failingSince: null,
      disableReason: null,
    });
  });

  it('schedules the next attempt after a failure and starts the failure streak', () => {
    const plan = sut(input({ attempt: 2 }));

    expect(plan).toEqual({
      status: 'failed',
      nextRetryAt: new Date(now.getTime() + 60_000),
      failingSince: now,
      disableReason: null,
    });
  });

  it('keeps the start of an ongoing failure streak', () => {
    const since = new Date(now.getTime() - 3_600_000);

    expect(sut(input({ failingSince: since })).failingSince).toEqual(since);
  });

  it('waits longer when the receiver asked to with Retry-After', () => {
    const plan = sut(input({ result: { ...failed, status: 503, retryAfterMs: 120_000 } }));

    expect(plan.nextRetryAt).toEqual(new Date(now.getTime() + 120_000));
  });

  it('ends the delivery as failed once the schedule is used up', () => {
    const plan = sut(input({ attempt: schedule.length + 1 }));

    expect(plan).toMatchObject({ status: 'failed', nextRetryAt: null, disableReason: null });
  });

  it('disables the endpoint on 410 Gone without retrying', () => {
    const plan = sut(input({ result: { ...failed, outcome: 'gone', status: 410 } }));

    expect(plan).toMatchObject({ status: 'failed', nextRetryAt: null, disableReason: GONE_REASON });
  });

  it('disables an endpoint that has failed every attempt for 5 days', () => {
    const since = new Date(now.getTime() - FAILING_ENDPOINT_DISABLE_AFTER_MS);

    const plan = sut(input({ failingSince: since }));

    expect(plan.nextRetryAt).toBeNull();
    expect(plan.disableReason).toContain('5 days');
    expect(plan.disableReason).toContain(since.toISOString());
  });

  it('keeps retrying an endpoint failing for just under 5 days', () => {
    const since = new Date(now.getTime() - FAILING_ENDPOINT_DISABLE_AFTER_MS + 1);

    const plan = sut(input({ failingSince: since }));

    expect(plan.disableReason).toBeNull();
    expect(plan.nextRetryAt).toEqual(new Date(now.getTime() + 1000));
  });
});
