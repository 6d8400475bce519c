import { dueAt, findDates } from './date-mentions.js';

/** A Wednesday, 15:00 UTC. */
const CALL_START = new Date('2025-03-12T15:00:00Z');

describe(findDates.name, () => {
  const sut = (text: string) => findDates(text, CALL_START);

  it('resolves a weekday to the next one after the call', () => {
    expect(sut("I'll send it by Friday.")).toMatchObject([
      { text: 'Friday', timeStated: false, monthStated: false },
    ]);
    expect(sut("I'll send it by Friday.")[0]!.date.toISOString()).toBe('2025-03-14T12:00:00.000Z');
  });

  it('keeps a stated time of day', () => {
    const [tuesday] = sut("Let's talk next Tuesday at 3pm.");

    expect(tuesday).toMatchObject({ text: 'next Tuesday at 3pm', timeStated: true });
    expect(tuesday!.date.toISOString()).toBe('2025-03-18T15:00:00.000Z');
    expect(sut('I will send them tonight')[0]).toMatchObject({ text: 'tonight', timeStated: true });
  });

  it('resolves dates with a month and durations that are deadlines', () => {
    const [march] = sut('We close on March 20th.');
    const [inDays] = sut('closing in 45 days');

    expect(march).toMatchObject({ text: 'March 20th', monthStated: true });
    expect(march!.date.toISOString()).toBe('2025-03-20T12:00:00.000Z');
    expect(inDays).toMatchObject({ text: 'in 45 days', monthStated: false });
    expect(inDays!.date.toISOString()).toBe('2025-04-26T15:00:00.000Z');
  });

  it.each([
    "I've been there for six years.",
    'This would be a second home.',
    'Right now I pay 1,800 a month.',
    'Good morning!',
    'Is 10 a good time?',
    "It's a 30 year fixed.",
  ])('finds no date in "%s"', (text) => {
    expect(sut(text)).toEqual([]);
  });

  it('reads "end of day" as the day of the call', () => {
    const [endOfDay] = sut("I'll get back to you by end of day.");

    expect(endOfDay).toMatchObject({ text: 'end of day', timeStated: false });
    expect(dueAt(endOfDay!).toISOString()).toBe('2025-03-12T17:00:00.000Z');
  });
});

describe(dueAt.name, () => {
  it('puts a deadline without a time at 17:00 UTC that day', () => {
    expect(dueAt(findDates('by Friday', CALL_START)[0]!).toISOString()).toBe(
      '2025-03-14T17:00:00.000Z',
    );
  });

  it('keeps the time when one was said', () => {
    expect(dueAt(findDates('Friday at 10am', CALL_START)[0]!).toISOString()).toBe(
      '2025-03-14T10:00:00.000Z',
    );
  });
});
