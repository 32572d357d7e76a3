import { formatDate, parseDate, today, yearOf } from '../../../src/domain/dates';

describe('parseDate', () => {
  test.each([
    ['03/05/2026', '2026-03-05'],
    ['3/5/2026', '2026-03-05'],
    ['12/31/2025', '2025-12-31'],
    ['2026-03-05', '2026-03-05'],
    ['  03/05/2026  ', '2026-03-05'],
    ['02/29/2024', '2024-02-29'],
    ['2024-02-29', '2024-02-29'],
    ['2/28/2025', '2025-02-28'],
    ['04/30/2026', '2026-04-30'],
  ])('reads %j as %s', (input, expected) => {
    expect(parseDate(input)).toBe(expected);
  });

  test.each([
    ['02/30/2025', 'February has no 30th'],
    ['02/29/2025', '2025 is not a leap year'],
    ['2025-02-29', '2025 is not a leap year'],
    ['04/31/2026', 'April has 30 days'],
    ['13/01/2026', 'there is no month 13'],
    ['00/10/2026', 'there is no month 0'],
    ['01/00/2026', 'there is no day 0'],
    ['01/32/2026', 'January has 31 days'],
    ['2026-3-5', 'ISO dates need two-digit months and days'],
    ['03-05-2026', 'US dates use slashes'],
    ['03/05/26', 'the year needs four digits'],
    ['05.03.2026', 'dots are not a date format we accept'],
    ['', 'nothing was typed'],
    ['next Tuesday', 'it is not a date'],
  ])('rejects %j (%s)', (input) => {
    expect(parseDate(input)).toBeNull();
  });
});

describe('formatDate', () => {
  test.each([
    ['2026-03-05', '03/05/2026'],
    ['2024-12-31', '12/31/2024'],
  ])('shows %s as %s', (iso, expected) => {
    expect(formatDate(iso)).toBe(expected);
  });

  test.each([null, undefined, ''])('shows %j as an empty string', (value) => {
    expect(formatDate(value)).toBe('');
  });

  test('leaves text that is not an ISO date as it is', () => {
    expect(formatDate('unknown')).toBe('unknown');
  });
});

describe('today', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  test('is the local calendar date of the moment given, zero-padded', () => {
    expect(today(new Date(2026, 0, 9, 8, 15))).toBe('2026-01-09');
  });

  test('is still the same local date late in the evening', () => {
    // Late evening in a US clinic is already the next day in UTC.
    expect(today(new Date(2026, 2, 5, 23, 30))).toBe('2026-03-05');
  });

  test('defaults to the current time', () => {
    jest.useFakeTimers({ now: new Date(2026, 10, 24, 12, 0) });
    expect(today()).toBe('2026-11-24');
  });
});

describe('yearOf', () => {
  test.each([
    ['2026-03-05', 2026],
    ['1999-12-31', 1999],
  ])('the year of %s is %d', (iso, year) => {
    expect(yearOf(iso)).toBe(year);
  });
});
