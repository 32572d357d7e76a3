import { serviceDatesProblem } from '../../../src/domain/serviceDates';

const member = { firstName: 'Dino', lastName: 'Saur', eligibility: [{ planName: 'Medicaid', startDate: '2024-01-01', endDate: '2026-06-30' }] };

describe('serviceDatesProblem', () => {
  test('dates inside the eligibility and within a year are fine', () => {
    expect(serviceDatesProblem(member, '2026-03-02', '2026-03-31')).toBeUndefined();
  });
  test('an end before the start', () => {
    expect(serviceDatesProblem(member, '2026-03-02', '2026-03-01')).toEqual({ field: 'endDate', message: 'End date must be on or after the start date' });
  });
  test('more than a year of service', () => {
    expect(serviceDatesProblem(member, '2024-01-01', '2025-01-02')?.message).toBe('End date must be within a year of the start date');
    expect(serviceDatesProblem(member, '2025-01-01', '2026-01-01')).toBeUndefined();
  });
  test('a start outside the eligibility names the spans', () => {
    expect(serviceDatesProblem(member, '2023-12-31', '2024-01-05')).toEqual({
      field: 'startDate',
      message: 'Dino Saur is not eligible on 12/31/2023: the start date must be inside their eligibility (01/01/2024 to 06/30/2026)',
    });
  });
  test('an end past the eligibility', () => {
    expect(serviceDatesProblem(member, '2026-06-01', '2026-07-01')).toEqual({ field: 'endDate', message: 'Dino Saur is eligible until 06/30/2026: the end date must be on or before that date' });
  });
});
