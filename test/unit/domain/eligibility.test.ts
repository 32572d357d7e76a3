import { eligibilityOn, eligibleThroughout, type EligibilitySpan } from '../../../src/domain/eligibility';

const SPAN_2025: EligibilitySpan = { planName: 'Gold PPO', startDate: '2025-01-01', endDate: '2025-06-30' };
const SPAN_2026: EligibilitySpan = { planName: 'Silver HMO', startDate: '2026-01-01', endDate: '2026-12-31' };
const SPANS = [SPAN_2025, SPAN_2026];

describe('eligibilityOn', () => {
  test.each([
    ['2025-01-01', SPAN_2025, 'the first day of a span'],
    ['2025-03-15', SPAN_2025, 'a day inside a span'],
    ['2025-06-30', SPAN_2025, 'the last day of a span'],
    ['2026-01-01', SPAN_2026, 'the first day of the second span'],
    ['2026-12-31', SPAN_2026, 'the last day of the second span'],
  ])('on %s finds %o (%s)', (date, span) => {
    expect(eligibilityOn(SPANS, date)).toBe(span);
  });

  test.each([
    ['2024-12-31', 'the day before the first span'],
    ['2025-07-01', 'the day after a span ends'],
    ['2025-10-01', 'a gap between spans'],
    ['2027-01-01', 'the day after the last span'],
  ])('on %s finds nothing (%s)', (date) => {
    expect(eligibilityOn(SPANS, date)).toBeUndefined();
  });

  test('finds nothing for a member with no spans', () => {
    expect(eligibilityOn([], '2026-03-05')).toBeUndefined();
  });
});

describe('eligibleThroughout', () => {
  test.each([
    ['2025-01-01', '2025-06-30', 'exactly the span'],
    ['2025-02-01', '2025-02-28', 'inside one span'],
    ['2026-03-05', '2026-03-05', 'a single day'],
  ])('from %s to %s is eligible (%s)', (start, end) => {
    expect(eligibleThroughout(SPANS, start, end)).toBe(true);
  });

  test.each([
    ['2024-12-31', '2025-01-15', 'starts the day before the span'],
    ['2025-06-01', '2025-07-01', 'ends the day after the span'],
    ['2025-06-01', '2026-01-31', 'straddles a gap between spans'],
    ['2025-08-01', '2025-08-31', 'lies in the gap'],
  ])('from %s to %s is not eligible (%s)', (start, end) => {
    expect(eligibleThroughout(SPANS, start, end)).toBe(false);
  });

  test('is not eligible across two back-to-back spans, because a request may not straddle spans', () => {
    const backToBack: EligibilitySpan[] = [
      { planName: 'Gold PPO', startDate: '2026-01-01', endDate: '2026-06-30' },
      { planName: 'Gold PPO', startDate: '2026-07-01', endDate: '2026-12-31' },
    ];
    expect(eligibleThroughout(backToBack, '2026-06-15', '2026-07-15')).toBe(false);
  });
});
