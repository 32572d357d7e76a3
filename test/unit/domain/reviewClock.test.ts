import { decisionDue, expeditedProblem, extensionProblem, formatInTimeZone, isTimeZone, startOfDayInTimeZone, timeLeft } from '../../../src/domain/reviewClock';

describe('the decision clock (CMS-0057-F)', () => {
  const received = new Date('2026-03-02T15:00:00Z');

  test('72 hours for an expedited request, 7 calendar days for a standard one, plus a recorded extension', () => {
    expect(decisionDue(received, 'expedited').toISOString()).toBe('2026-03-05T15:00:00.000Z');
    expect(decisionDue(received, 'standard').toISOString()).toBe('2026-03-09T15:00:00.000Z');
    expect(decisionDue(received, 'standard', { days: 14 }).toISOString()).toBe('2026-03-23T15:00:00.000Z');
  });

  test('time left is said in words, and overdue says so', () => {
    const due = decisionDue(received, 'expedited');
    expect(timeLeft(due, new Date('2026-03-03T11:00:00Z'))).toEqual({ overdue: false, ms: 52 * 3_600_000, words: '2 days 4 hours left' });
    expect(timeLeft(due, new Date('2026-03-05T14:25:00Z')).words).toBe('35 minutes left');
    expect(timeLeft(due, new Date('2026-03-05T15:00:00Z')).words).toBe('0 minutes left');
    expect(timeLeft(due, new Date('2026-03-05T18:00:00Z'))).toEqual({ overdue: true, ms: -3 * 3_600_000, words: 'Overdue by 3 hours' });
    expect(timeLeft(due, new Date('2026-03-06T16:01:00Z')).words).toBe('Overdue by 1 day 1 hour');
  });

  test('an extension is one, of 1 to 14 days, with a reason', () => {
    expect(extensionProblem({ days: 14, reason: 'Waiting for the imaging report the office is sending' })).toBeUndefined();
    expect(extensionProblem({ days: 15, reason: 'x' })).toBe('Enter the extension as a whole number of days from 1 to 14');
    expect(extensionProblem({ days: 0, reason: 'x' })).toBe('Enter the extension as a whole number of days from 1 to 14');
    expect(extensionProblem({ days: 3, reason: ' ' })).toBe('Enter the reason for the extension');
    expect(extensionProblem({ days: 3, reason: 'again' }, [{ days: 2, reason: 'first' }])).toBe('The review has been extended already: a review can be extended once');
  });

  test('due times are shown in the plan’s time zone', () => {
    expect(formatInTimeZone(new Date('2026-03-05T15:00:00Z'), 'America/New_York')).toBe('03/05/2026 10:00 AM EST');
    expect(formatInTimeZone(new Date('2026-07-05T15:00:00Z'), 'America/Chicago')).toBe('07/05/2026 10:00 AM CDT');
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('expeditedProblem: an expedited request needs its justification', () => {
  test.each([
    [false, '', undefined],
    [false, 'anything', undefined],
    [true, 'Member at risk of falls without it', undefined],
    [true, '   ', 'Enter why the standard timeframe could seriously jeopardize the member, or untick Expedited'],
    [true, 'x'.repeat(501), 'The reason the request is expedited must be 500 characters or fewer'],
  ])('expedited %s with %j: %s', (expedited, reason, problem) => {
    expect(expeditedProblem(expedited, reason)).toBe(problem);
  });
});

test('the instant a day begins in the plan\'s time zone, on standard time, daylight time and the days the clocks change', () => {
  expect(startOfDayInTimeZone('2026-01-10', 'America/New_York').toISOString()).toBe('2026-01-10T05:00:00.000Z');
  expect(startOfDayInTimeZone('2026-07-17', 'America/New_York').toISOString()).toBe('2026-07-17T04:00:00.000Z');
  expect(startOfDayInTimeZone('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
  expect(startOfDayInTimeZone('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
  expect(startOfDayInTimeZone('2026-07-17', 'UTC').toISOString()).toBe('2026-07-17T00:00:00.000Z');
  expect(startOfDayInTimeZone('2026-07-17', 'Asia/Tokyo').toISOString()).toBe('2026-07-16T15:00:00.000Z');
});
