import { decidedRequestFrom, median, metricsRows, parseMetricsYear, percentOf, priorAuthItems, toCsv, yearBounds, yearFigures, yearIn, type DecidedRequest, type RecordedLine, type RecordedRequest } from '../../../src/domain/priorAuthMetrics';
import type { CoverageRule } from '../../../src/domain/coverage';

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

describe('a recorded request as the figures count it', () => {
  const at = (iso: string) => new Date(iso);
  const received = at('2026-03-02T00:00:00Z');
  const line = (...decisions: [string, string][]) => ({ decisions: decisions.map(([outcome, iso]) => ({ outcome, decidedAt: at(iso) })) });
  const request = (lines: RecordedLine[], more: Partial<RecordedRequest> = {}): RecordedRequest => ({ priority: 'standard', receivedAt: received, extended: false, lines, ...more });

  test('decided when every line that needed authorization is, at the last of their first decisions', () => {
    const decided = decidedRequestFrom(request([
      line(['Pended', '2026-03-02T00:00:00Z'], ['Approved', '2026-03-03T00:00:00Z'], ['Denied', '2026-03-09T00:00:00Z']),
      line(['Pended', '2026-03-02T00:00:00Z'], ['Information requested', '2026-03-02T12:00:00Z'], ['Denied', '2026-03-04T00:00:00Z']),
      line(['No authorization required', '2026-03-02T00:00:00Z']),
    ], { extended: true }));
    // Line 1 counts by its first decision (approved), not the later correction.
    expect(decided).toEqual({ priority: 'standard', receivedAt: received, decidedAt: at('2026-03-04T00:00:00Z'), outcome: 'partially approved', extended: true });
  });

  test('not decided while a line waits; not a prior authorization request when no line needed one', () => {
    expect(decidedRequestFrom(request([line(['Approved', '2026-03-02T00:00:00Z']), line(['Pended', '2026-03-02T00:00:00Z'])]))).toBeUndefined();
    expect(decidedRequestFrom(request([line(['Information requested', '2026-03-02T00:00:00Z'])]))).toBeUndefined();
    expect(decidedRequestFrom(request([line(['No authorization required', '2026-03-02T00:00:00Z']), line(['Cancelled', '2026-03-02T00:00:00Z'])]))).toBeUndefined();
    expect(decidedRequestFrom(request([line()]))).toBeUndefined();
  });

  test('automatic approvals at submission count, at no time after it; all denied is denied', () => {
    expect(decidedRequestFrom(request([line(['Approved', '2026-03-02T00:00:00Z'])]))).toMatchObject({ outcome: 'approved', decidedAt: received });
    expect(decidedRequestFrom(request([line(['Denied', '2026-03-05T00:00:00Z']), line(['Denied', '2026-03-05T00:00:00Z'])]))?.outcome).toBe('denied');
  });

  test('a reconsideration outcome makes the appeal outcome of a request denied or approved in part', () => {
    const appealed = decidedRequestFrom(request([{ ...line(['Denied', '2026-03-05T00:00:00Z']), reconsidered: 'approved' }, line(['Approved', '2026-03-05T00:00:00Z'])]));
    expect(appealed).toMatchObject({ outcome: 'partially approved', appealOutcome: 'approved' });
    expect(yearFigures(appealed ? [appealed] : [], 'as-denied').standard.approvedAfterAppealPercent).toBe(100);
    const upheld = decidedRequestFrom(request([{ ...line(['Denied', '2026-03-05T00:00:00Z']), reconsidered: 'denied' }]));
    expect(upheld).toMatchObject({ outcome: 'denied', appealOutcome: 'denied' });
    expect(yearFigures(upheld ? [upheld] : [], 'as-approved').standard.approvedAfterAppealPercent).toBe(0);
  });
});

describe('the calendar year in the plan time zone', () => {
  test('bounds at local midnight on 1 January', () => {
    expect(yearBounds(2026, 'America/New_York')).toEqual({ from: new Date('2026-01-01T05:00:00.000Z'), to: new Date('2027-01-01T05:00:00.000Z') });
    expect(yearBounds(2026, 'UTC')).toEqual({ from: new Date('2026-01-01T00:00:00.000Z'), to: new Date('2027-01-01T00:00:00.000Z') });
    expect(yearBounds(2026, 'Asia/Tokyo').from).toEqual(new Date('2025-12-31T15:00:00.000Z'));
    expect(yearBounds(2026, 'Pacific/Chatham').from).toEqual(new Date('2025-12-31T10:15:00.000Z'));
  });

  test('the year an instant falls in, and a year as typed', () => {
    expect(yearIn(new Date('2027-01-01T03:00:00Z'), 'America/New_York')).toBe(2026);
    expect(yearIn(new Date('2027-01-01T06:00:00Z'), 'America/New_York')).toBe(2027);
    expect(parseMetricsYear('2026', 2026)).toBe(2026);
    for (const bad of ['2027', '1999', 'abc', '', '26', ' 2026', '2026.0']) expect(parseMetricsYear(bad, 2026)).toBeUndefined();
  });
});

describe('the published rows, the CSV and the list of what needs authorization', () => {
  test('one row per measure; a share of no requests is "No requests"; expedited requests have no appeal or extension measure', () => {
    const rows = metricsRows(yearFigures([{ priority: 'standard', receivedAt: new Date(0), decidedAt: new Date(5_400_000), outcome: 'approved', extended: false }], 'as-approved'));
    expect(rows.map((r) => [r.measure, r.standard, r.expedited])).toEqual([
      ['Requests decided', '1', '0'],
      ['Approved', '100%', 'No requests'],
      ['Denied', '0%', 'No requests'],
      ['Approved after appeal', '0%', 'Not applicable'],
      ['Timeframe extended, then approved', '0%', 'Not applicable'],
      ['Average time from submission to decision', '1.5 hours', 'No requests'],
      ['Median time from submission to decision', '1.5 hours', 'No requests'],
    ]);
  });

  test('CSV fields are quoted when they must be', () => {
    expect(toCsv([['a', 'b,c'], ['say "hi"', 'x\ny']])).toBe('a,"b,c"\r\n"say ""hi""","x\ny"\r\n');
  });

  test('rules that review, ask the questionnaire or limit units are listed; no authorization and not covered are not', () => {
    const rules: CoverageRule[] = [
      { id: 'a', description: 'Every admission', careSetting: 'inpatient', requirement: 'review' },
      { id: 'b', description: 'CPAP', codes: ['E0601'], careSetting: 'outpatient', requirement: 'questionnaire' },
      { id: 'c', description: 'Therapy past 20 units', codes: ['97110', '97112'], requirement: 'none', unitLimit: { units: 20, per: 'calendar-year' } },
      { id: 'd', description: 'Office visits', codes: ['99213'], requirement: 'none' },
      { id: 'e', description: 'Lift', codes: ['E0625'], requirement: 'not-covered' },
    ];
    expect(priorAuthItems(rules)).toEqual([
      { codes: 'All codes', setting: 'Inpatient', description: 'Every admission' },
      { codes: 'E0601', setting: 'Outpatient', description: 'CPAP' },
      { codes: '97110, 97112', setting: 'Any setting', description: 'Therapy past 20 units' },
    ]);
  });
});
