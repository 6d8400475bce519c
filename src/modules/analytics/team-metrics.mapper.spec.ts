import { resolveMetricsRange } from './metrics-range.js';
import { DailyRow, toTeamMetrics, TotalsRow } from './team-metrics.mapper.js';

const RANGE = resolveMetricsRange({ start_date: '2025-03-01', end_date: '2025-03-03' });

function totals(userId: string | null, overrides: Partial<TotalsRow> = {}): TotalsRow {
  return {
    user_id: userId,
    user_name: userId ? `Name of ${userId}` : null,
    calls: 2,
    inbound: 1,
    outbound: 1,
    total_talk_seconds: 600,
    avg_duration_seconds: 300,
    avg_quality_score: 80,
    avg_talk_ratio: 0.5,
    avg_longest_monologue_seconds: 40,
    avg_interactivity: 5,
    avg_patience_seconds: 0.8,
    avg_questions_asked: 6,
    avg_sentiment: 0.2,
    tasks_created: 1,
    ...overrides,
  };
}

const day = (userId: string | null, dayIndex: number, calls: number): DailyRow => ({
  user_id: userId,
  day_index: [dayIndex],
  calls: [calls],
  avg_quality_score: [calls > 0 ? 80 : null],
});

describe(toTeamMetrics.name, () => {
  it('fills every day of the range, with 0 calls on days without any', () => {
    const sut = toTeamMetrics(
      RANGE,
      null,
      [totals('u_a'), totals(null)],
      [day('u_a', 1, 2), day(null, 1, 2)],
    );
    expect(sut.data.members[0].daily).toEqual([
      { date: '2025-03-01', calls: 0, avg_quality_score: null },
      { date: '2025-03-02', calls: 2, avg_quality_score: 80 },
      { date: '2025-03-03', calls: 0, avg_quality_score: null },
    ]);
    expect(sut.data.team.daily.map((d) => d.calls)).toEqual([0, 2, 0]);
  });

  it('orders members by user_id and keeps the team apart', () => {
    const sut = toTeamMetrics(RANGE, null, [totals('u_b'), totals(null), totals('u_a')], []);
    expect(sut.data.members.map((m) => m.user_id)).toEqual(['u_a', 'u_b']);
    expect(sut.data.members[0]).toMatchObject({ user_name: 'Name of u_a', calls: 2 });
    expect(sut.data.team).not.toHaveProperty('user_id');
    expect(sut.meta).toEqual({
      start_date: '2025-03-01T00:00:00.000Z',
      end_date: '2025-03-03T23:59:59.999Z',
      members: 2,
    });
  });

  it('answers every requested member, with zeros and null averages for one without calls', () => {
    const sut = toTeamMetrics(RANGE, ['u_z', 'u_a'], [totals('u_a'), totals(null)], []);
    expect(sut.data.members.map((m) => m.user_id)).toEqual(['u_a', 'u_z']);
    expect(sut.data.members[1]).toEqual({
      user_id: 'u_z',
      user_name: null,
      calls: 0,
      inbound: 0,
      outbound: 0,
      total_talk_seconds: 0,
      avg_duration_seconds: null,
      avg_quality_score: null,
      avg_talk_ratio: null,
      avg_longest_monologue_seconds: null,
      avg_interactivity: null,
      avg_patience_seconds: null,
      avg_questions_asked: null,
      avg_sentiment: null,
      tasks_created: 0,
      daily: RANGE.days.map((date) => ({ date, calls: 0, avg_quality_score: null })),
    });
    expect(sut.meta.members).toBe(2);
  });

  it('gives each member a series of its own', () => {
    const sut = toTeamMetrics(RANGE, ['u_a', 'u_b'], [totals(null)], [day('u_b', 0, 3)]);
    expect(sut.data.members[0].daily[0].calls).toBe(0);
    expect(sut.data.members[1].daily[0].calls).toBe(3);
  });
});
