import { jest } from '@jest/globals';
import { ConfigService } from '@nestjs/config';
import type { DataSource } from 'typeorm';
import { PeriodicTasks } from './periodic-tasks.service.js';

describe(PeriodicTasks.name, () => {
  afterEach(() => jest.useRealTimers());

  it('runs a task for local files in an API-only process, where locked sweeps do not run', async () => {
    jest.useFakeTimers();
    const sut = new PeriodicTasks(
      new ConfigService({ APP_ROLE: 'api', SWEEP_INTERVAL_MS: 1000 }),
      {} as DataSource,
    );
    const local = jest.fn(async () => undefined);
    const locked = jest.fn(async () => undefined);
    sut.scheduleLocal('local', local);
    sut.schedule('locked', locked);

    await jest.advanceTimersByTimeAsync(2000);
    expect(local).toHaveBeenCalledTimes(2);
    expect(locked).not.toHaveBeenCalled();

    await sut.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(2000);
    expect(local).toHaveBeenCalledTimes(2);
  });
});
