import { median, percentOf, yearFigures, type DecidedRequest } from '../../../src/domain/priorAuthMetrics';

describe('the public figures', () => {
  const at = (iso: string) => new Date(iso);
  const standard = (hours: number, outcome: DecidedRequest['outcome'], more: Partial<DecidedRequest> = {}): DecidedRequest => ({
    priority: 'standard',
    receivedAt: at('2026-03-02T00:00:00Z'),
    decidedAt: new Date(at('2026-03-02T00:00:00Z').getTime() + hours * 3_600_000),
    outcome,
    extended: false,
    ...more,
  });
  const decided: DecidedRequest[] = [
    standard(24, 'approved'),
    standard(48, 'denied', { appealOutcome: 'approved' }),
    standard(100, 'partially approved'),
    standard(400, 'approved', { extended: true }),
    { priority: 'expedited', receivedAt: at('2026-03-02T00:00:00Z'), decidedAt: at('2026-03-02T10:00:00Z'), outcome: 'denied', extended: false },
  ];

  test('percentages per priority, with partial approvals counted as the plan says', () => {
    const asApproved = yearFigures(decided, 'as-approved');
    expect(asApproved.standard).toEqual({ requests: 4, approvedPercent: 75, deniedPercent: 25, approvedAfterAppealPercent: 25, extendedThenApprovedPercent: 25, averageHours: 143, medianHours: 74 });
    expect(yearFigures(decided, 'as-denied').standard.approvedPercent).toBe(50);
    expect(asApproved.expedited).toEqual({ requests: 1, approvedPercent: 0, deniedPercent: 100, approvedAfterAppealPercent: 0, extendedThenApprovedPercent: 0, averageHours: 10, medianHours: 10 });
  });

  test('no requests: no figure rather than a made-up zero', () => {
    expect(yearFigures([], 'as-approved').expedited).toEqual({ requests: 0, approvedPercent: null, deniedPercent: null, approvedAfterAppealPercent: null, extendedThenApprovedPercent: null, averageHours: null, medianHours: null });
    expect(percentOf(1, 3)).toBe(33.3);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
