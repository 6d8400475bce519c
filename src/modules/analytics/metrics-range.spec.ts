import { AppError } from '../../common/errors/app-error.js';
import { resolveMetricsRange } from './metrics-range.js';

const NOW = new Date('2025-03-31T15:20:00.000Z');

function errorOf(query: { start_date?: string; end_date?: string }): AppError {
  try {
    resolveMetricsRange(query, NOW);
  } catch (err) {
    return err as AppError;
  }
  throw new Error('expected a validation error');
}

describe(resolveMetricsRange.name, () => {
  it('defaults to the last 30 days, today included', () => {
    const sut = resolveMetricsRange({}, NOW);
    expect(sut.startDay).toBe('2025-03-02');
    expect(sut.endDay).toBe('2025-03-31');
    expect(sut.days).toHaveLength(30);
    expect(sut.start.toISOString()).toBe('2025-03-02T00:00:00.000Z');
    expect(sut.end.toISOString()).toBe('2025-03-31T23:59:59.999Z');
  });

  it('lists every day of an inclusive date range, oldest first, across a month end', () => {
    const sut = resolveMetricsRange({ start_date: '2024-02-27', end_date: '2024-03-01' }, NOW);
    expect(sut.days).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01']);
  });

  it('counts a date-time as the whole UTC day it falls on, whatever its offset', () => {
    const sut = resolveMetricsRange(
      { start_date: '2025-03-01T23:30:00-05:00', end_date: '2025-03-03T00:00:01Z' },
      NOW,
    );
    expect(sut.startDay).toBe('2025-03-02');
    expect(sut.endDay).toBe('2025-03-03');
    expect(sut.end.toISOString()).toBe('2025-03-03T23:59:59.999Z');
  });

  it('runs a lone start_date up to today and a lone end_date back 30 days', () => {
    expect(resolveMetricsRange({ start_date: '2025-03-30' }, NOW).days).toEqual([
      '2025-03-30',
      '2025-03-31',
    ]);
    const sut = resolveMetricsRange({ end_date: '2025-01-31' }, NOW);
    expect([sut.startDay, sut.endDay]).toEqual(['2025-01-02', '2025-01-31']);
  });

  it('accepts a single day and exactly 366 days', () => {
    expect(
      resolveMetricsRange({ start_date: '2025-03-05', end_date: '2025-03-05' }, NOW).days,
    ).toHaveLength(1);
    expect(
      resolveMetricsRange({ start_date: '2024-01-01', end_date: '2024-12-31' }, NOW).days,
    ).toHaveLength(366);
  });

  it('refuses end_date before start_date, naming end_date', () => {
    const sut = errorOf({ start_date: '2025-03-05', end_date: '2025-03-04' });
    expect(sut.code).toBe('VALIDATION_ERROR');
    expect(sut.details).toEqual({ field: 'end_date', expected: 'end_date on or after start_date' });
  });

  it('refuses a range over 366 days, naming end_date, or start_date when only it was given', () => {
    expect(errorOf({ start_date: '2024-01-01', end_date: '2025-01-01' }).details).toMatchObject({
      field: 'end_date',
    });
    expect(errorOf({ start_date: '2024-01-01' }).details).toMatchObject({ field: 'start_date' });
    expect(errorOf({ start_date: '2025-04-01' }).details).toMatchObject({ field: 'start_date' });
  });

  it('refuses an ISO 8601 form that names no day', () => {
    expect(errorOf({ start_date: '2025-W10' }).details).toEqual({
      field: 'start_date',
      expected: 'ISO 8601 format',
    });
  });
});
