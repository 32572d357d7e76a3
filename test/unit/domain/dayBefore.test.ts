import { dayBefore } from '../../../src/domain/dates';

test.each([
  ['2025-10-01', '2025-09-30'],
  ['2026-01-01', '2025-12-31'],
  ['2024-03-01', '2024-02-29'],
  ['2025-03-01', '2025-02-28'],
])('the day before %s is %s', (date, before) => {
  expect(dayBefore(date)).toBe(before);
});
