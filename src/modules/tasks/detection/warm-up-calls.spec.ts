import { readTranscript } from './transcript-reading.js';
import { WARM_UP_CALLS } from './warm-up-calls.js';

describe('WARM_UP_CALLS', () => {
  const readings = WARM_UP_CALLS.map(({ segments, context }) => readTranscript(segments, context));

  // A warm-up only compiles the paths it takes: each reader must find something in them.
  it('give every reader something to find', () => {
    const found = (
      pick: (entities: (typeof readings)[number]['extraction']['entities']) => unknown[],
    ) => readings.flatMap((reading) => pick(reading.extraction.entities)).length;

    expect(found((e) => e.people)).toBeGreaterThanOrEqual(4);
    expect(found((e) => e.organizations)).toBeGreaterThanOrEqual(1);
    expect(found((e) => e.money)).toBeGreaterThanOrEqual(3);
    expect(found((e) => e.dates)).toBeGreaterThanOrEqual(3);
    expect(found((e) => e.phones)).toBeGreaterThanOrEqual(2);
    expect(found((e) => e.addresses)).toBeGreaterThanOrEqual(1);
    expect(readings.flatMap((r) => r.extraction.entities.emails).map((e) => e.value)).toEqual(
      expect.arrayContaining(['victor.nguyen@gmail.com', 'claire.dubois@acmelogistics.com']),
    );
    expect(readings[0]!.extraction.mortgage).not.toBeNull();
    expect(readings.every((reading) => reading.tasks.length > 0)).toBe(true);
  });
});
