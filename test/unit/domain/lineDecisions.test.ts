import { certificationNumber, decisionProblems, reconsiderationCutoff, reconsiderationDeadline, reconsiderationOpen, reconsiderationReviewerProblem, requestStatusFrom, REVIEW_ACTION_CODES, type ProposedDecision, type RequestedLine } from '../../../src/domain/lineDecisions';

describe('a decision on a line', () => {
  const line: RequestedLine = { lineNumber: 2, units: 10, fromDate: '2026-03-02', toDate: '2026-03-31' };
  const codes = ['not-medically-necessary', 'documentation-incomplete'];
  const approve: ProposedDecision = { outcome: 'Approved', units: 10, fromDate: '2026-03-02', toDate: '2026-03-31', reasonCode: '', reasonText: '' };
  const fields = (d: ProposedDecision, role: 'clinical_reviewer' | 'physician_reviewer' = 'physician_reviewer') => decisionProblems(d, line, role, codes).map((p) => [p.field, p.message]);

  test('a full approval by a clinical reviewer needs no reason', () => {
    expect(fields(approve, 'clinical_reviewer')).toEqual([]);
  });

  test('a clinical reviewer may not deny or approve less than requested', () => {
    const deny: ProposedDecision = { ...approve, outcome: 'Denied', units: 0, reasonCode: 'not-medically-necessary', reasonText: 'Conservative therapy not tried' };
    expect(fields(deny, 'clinical_reviewer')).toEqual([['outcome', 'Line 2: only a physician reviewer may deny a line or approve less than requested. Refer it to a physician']]);
    expect(fields(deny)).toEqual([]);
  });

  test('a denial or partial approval needs a reason code from the list and the reason in words', () => {
    expect(fields({ ...approve, outcome: 'Denied', units: 0 })).toEqual([
      ['reasonCode', 'Line 2: select the reason code'],
      ['reasonText', 'Line 2: enter the reason for the decision: which criterion was not met, or what documentation fell short'],
    ]);
    expect(fields({ ...approve, outcome: 'Partially approved', units: 6, reasonCode: 'made-up', reasonText: 'Six visits first' })).toEqual([['reasonCode', 'Line 2: select a reason code from the list']]);
  });

  test('never more than requested: units and period', () => {
    expect(fields({ ...approve, units: 11 })).toEqual([['authorizedUnits', 'Line 2: authorized units cannot be more than the 10 requested']]);
    expect(fields({ ...approve, units: 8 })).toEqual([['authorizedUnits', 'Line 2: an approval in full authorizes the 10 units requested; choose Partially approve for fewer']]);
    expect(fields({ ...approve, fromDate: '2026-03-01', toDate: '2026-04-01' })).toEqual([
      ['fromDate', 'Line 2: the authorized period cannot start before 03/02/2026, the first day requested'],
      ['toDate', 'Line 2: the authorized period cannot end after 03/31/2026, the last day requested'],
    ]);
  });

  test('an approval in full is for the whole period requested: a shorter one is a partial approval', () => {
    expect(fields({ ...approve, toDate: '2026-03-15' })).toEqual([['fromDate', 'Line 2: an approval in full authorizes the period requested; choose Partially approve for a shorter period']]);
    expect(fields({ ...approve, fromDate: '2026-03-10' }, 'clinical_reviewer')).toEqual([['fromDate', 'Line 2: an approval in full authorizes the period requested; choose Partially approve for a shorter period']]);
    expect(fields({ ...approve, outcome: 'Partially approved', fromDate: '2026-03-10', toDate: '2026-03-20', reasonCode: 'not-medically-necessary', reasonText: 'Ten days, then reassess' })).toEqual([]);
  });

  test('a partial approval gives fewer units or a shorter period, and at least 1 unit', () => {
    const partial: ProposedDecision = { ...approve, outcome: 'Partially approved', reasonCode: 'not-medically-necessary', reasonText: 'Six visits, then reassess' };
    expect(fields({ ...partial, units: 6 })).toEqual([]);
    expect(fields({ ...partial, toDate: '2026-03-15' })).toEqual([]);
    expect(fields(partial)).toEqual([['authorizedUnits', 'Line 2: a partial approval authorizes at least 1 unit, and fewer units or a shorter period than requested']]);
    expect(fields({ ...partial, units: 0 })[0]?.[0]).toBe('authorizedUnits');
  });

  test('review action codes, certification numbers and the request’s status from its lines', () => {
    expect(REVIEW_ACTION_CODES).toMatchObject({ Approved: 'A1', 'Partially approved': 'A2', Denied: 'A3', Pended: 'A4', 'Information requested': 'A4', Cancelled: 'C', 'No authorization required': 'NA' });
    expect(certificationNumber('EPS-00001951', 1)).toBe('EPS-00001951-1');
    expect(requestStatusFrom(['Approved', 'Information requested', 'Pended'])).toBe('Information requested');
    expect(requestStatusFrom(['Approved', 'Pended'])).toBe('Pended');
    expect(requestStatusFrom(['Approved', 'No authorization required'])).toBe('Approved');
    expect(requestStatusFrom(['No authorization required'])).toBe('No authorization required');
    expect(requestStatusFrom(['Denied', 'Cancelled'])).toBe('Denied');
    expect(requestStatusFrom(['Approved', 'Denied'])).toBe('Partially approved');
    expect(requestStatusFrom(['Cancelled'])).toBe('Cancelled');
  });

  test('reconsideration: within 60 days, by another physician', () => {
    expect(reconsiderationDeadline('2026-03-02')).toBe('2026-05-01');
    expect(reconsiderationDeadline('2026-12-15', 30)).toBe('2027-01-14');
    expect(reconsiderationReviewerProblem({ id: 7, role: 'clinical_reviewer' }, 3)).toBe('Only a physician reviewer may decide a reconsideration');
    expect(reconsiderationReviewerProblem({ id: 3, role: 'physician_reviewer' }, 3)).toBe('A reconsideration is decided by a physician other than the one who made the decision');
    expect(reconsiderationReviewerProblem({ id: 4, role: 'physician_reviewer' }, 3)).toBeUndefined();
  });
});

describe('reconsiderationCutoff', () => {
  it('is the first decision day still open today: that day is open, the day before is not', () => {
    const today = '2026-03-10';
    const cutoff = reconsiderationCutoff(today);
    expect(cutoff).toBe('2026-01-09');
    expect(reconsiderationOpen(cutoff, today).open).toBe(true);
    expect(reconsiderationOpen('2026-01-08', today).open).toBe(false);
    expect(reconsiderationCutoff('2026-03-01', 30)).toBe('2026-01-30');
  });
});
