import {
  addedLineProblem, changedPeriodProblems, changeList, changeWords, CANCELLED_REQUEST_MESSAGE, DENIED_LINE_MESSAGE, lineRefusal, newVersionLines, readLineChanges, requestRefusal, type CurrentLine,
} from '../../../src/domain/authorizationUpdate';

const line = (n: number, status: string, more: Partial<CurrentLine> = {}): CurrentLine => ({ lineNumber: n, code: n === 1 ? '97110' : `9711${n}`, units: 25, fromDate: '2026-10-01', toDate: '2026-12-31', status, ...more });

describe('which lines may change', () => {
  test.each(['Approved', 'Partially approved', 'Pended', 'Information requested', 'No authorization required'])('a %s line may be updated', (status) => {
    expect(lineRefusal({ status })).toBeUndefined();
  });
  test('a denied line is refused: a new request is needed', () => {
    expect(lineRefusal({ status: 'Denied' })).toBe(DENIED_LINE_MESSAGE);
    expect(DENIED_LINE_MESSAGE).toBe('A denied line cannot be updated: copy it to a new request');
  });
  test('a cancelled line is refused', () => {
    expect(lineRefusal({ status: 'Cancelled' })).toBe('A cancelled line cannot be updated');
  });
  test('a cancelled request is refused; one with a line that may change is not; one with only denied lines says so', () => {
    expect(requestRefusal([{ status: 'Cancelled' }, { status: 'Cancelled' }])).toBe(CANCELLED_REQUEST_MESSAGE);
    expect(requestRefusal([{ status: 'Denied' }, { status: 'Pended' }])).toBeUndefined();
    expect(requestRefusal([{ status: 'Denied' }, { status: 'Cancelled' }])).toBe(DENIED_LINE_MESSAGE);
  });
});

describe('reading the lines page', () => {
  test('the new total units and a later end date are changes; the same values are not', () => {
    const lines = [line(1, 'Pended'), line(2, 'Approved')];
    const { changes, problems } = readLineChanges(lines, { 'units-1': '30', 'toDate-1': '03/31/2027', 'units-2': '25', 'toDate-2': '12/31/2026' });
    expect(problems).toEqual([]);
    expect(changes).toEqual({ 1: { units: 30, toDate: '2027-03-31' } });
  });
  test('cancelling a line ignores its units and date', () => {
    expect(readLineChanges([line(1, 'Approved')], { 'units-1': '', 'toDate-1': '', 'cancel-1': 'yes' })).toEqual({ changes: { 1: { cancel: true } }, problems: [] });
  });
  test('units and dates are checked, with messages that name the line', () => {
    const { problems } = readLineChanges([line(1, 'Pended'), line(2, 'Pended')], { 'units-1': '0', 'toDate-1': '02/30/2027', 'units-2': '', 'toDate-2': '09/30/2026' });
    expect(problems).toEqual([
      { field: 'units-1', message: 'Units for line 1 (97110) must be a whole number from 1 to 9999' },
      { field: 'toDate-1', message: 'End date for line 1 (97110) must be a real date, like 03/31/2027' },
      { field: 'units-2', message: 'Enter the units for line 2 (97112), the new total' },
      { field: 'toDate-2', message: 'End date for line 2 (97112) must be on or after its start date, 10/01/2026' },
    ]);
  });
  test('a change posted for a denied line is refused with the reason, not ignored', () => {
    const { changes, problems } = readLineChanges([line(1, 'Denied')], { 'units-1': '40' });
    expect(changes).toEqual({});
    expect(problems).toEqual([{ field: 'units-1', message: 'Line 1 (97110): A denied line cannot be updated: copy it to a new request' }]);
  });
});

describe('the change list', () => {
  test('says each change against the current authorization', () => {
    const lines = [line(1, 'Pended'), line(2, 'Approved', { units: 4 })];
    const list = changeList(lines, { 1: { units: 30, toDate: '2027-03-31' }, 2: { cancel: true } }, [{ code: '97530', system: 'CPT', units: 6 }]);
    expect(list.map(changeWords)).toEqual([
      'Line 1 (97110): units 25 -> 30; end date 12/31/2026 -> 03/31/2027',
      'Line 2 (97112): cancelled',
      'Line 3 (97530): new line, 6 units',
    ]);
  });
  test('is empty when nothing changed', () => {
    expect(changeList([line(1, 'Pended')], {}, [])).toEqual([]);
  });
});

describe('the new version\'s lines', () => {
  test('keep every line and number, apply the changes, and add new lines over the version\'s period', () => {
    const lines = [line(1, 'Pended'), line(2, 'Approved', { units: 4 }), line(3, 'Denied')];
    const version = newVersionLines(lines, { 1: { units: 30, toDate: '2027-03-31' }, 2: { cancel: true } }, [{ code: '97530', system: 'CPT', units: 6 }]);
    expect(version).toEqual([
      { lineNumber: 1, code: '97110', units: 30, fromDate: '2026-10-01', toDate: '2027-03-31', kind: 'changed', previousLineNumber: 1 },
      { lineNumber: 2, code: '97112', units: 4, fromDate: '2026-10-01', toDate: '2026-12-31', kind: 'cancelled', previousLineNumber: 2 },
      { lineNumber: 3, code: '97113', units: 25, fromDate: '2026-10-01', toDate: '2026-12-31', kind: 'unchanged', previousLineNumber: 3 },
      { lineNumber: 4, code: '97530', system: 'CPT', units: 6, fromDate: '2026-10-01', toDate: '2027-03-31', kind: 'new' },
    ]);
  });
  test('a change to a denied line never reaches the new version', () => {
    expect(newVersionLines([line(1, 'Denied')], { 1: { units: 40 } }, [])[0]?.kind).toBe('unchanged');
  });
});

test('an added code already on the request is refused', () => {
  expect(addedLineProblem([line(1, 'Pended')], [], '97110')).toBe('97110 is already on this request: change that line\'s units instead');
  expect(addedLineProblem([line(1, 'Pended')], [{ code: '97530', system: 'CPT', units: 1 }], '97530')).toBe('97530 is already on this request: change that line\'s units instead');
  expect(addedLineProblem([line(1, 'Pended')], [], '97530')).toBeUndefined();
});

describe("an extended end date and the member's eligibility (the wizard's rule for dates of service)", () => {
  const member = { firstName: 'Ada', lastName: 'Ends', eligibility: [{ planName: 'Demo Medicaid', startDate: '2020-01-01', endDate: '2027-01-31' }] };
  const lines = [line(1, 'Pended'), line(2, 'Approved')];
  test('an end date past the end of coverage names the line and the date coverage ends', () => {
    expect(changedPeriodProblems(member, lines, { 1: { toDate: '2027-03-31' }, 2: { units: 30 } })).toEqual([
      { field: 'toDate-1', message: 'Line 1 (97110): Ada Ends is eligible until 01/31/2027: the end date must be on or before that date' },
    ]);
  });
  test('an end date inside coverage, a line whose end date did not move, and a cancelled line pass', () => {
    expect(changedPeriodProblems(member, lines, { 1: { toDate: '2027-01-31' }, 2: { cancel: true, toDate: '2027-03-31' } })).toEqual([]);
    expect(changedPeriodProblems({ ...member, eligibility: [] }, lines, { 1: { units: 40 } })).toEqual([]);
  });
  test('more than a year from the line\'s start is refused as in the wizard', () => {
    expect(changedPeriodProblems({ ...member, eligibility: [{ planName: 'Demo Medicaid', startDate: '2020-01-01', endDate: '2030-12-31' }] }, lines, { 2: { toDate: '2027-12-31' } })).toEqual([
      { field: 'toDate-2', message: 'Line 2 (97112): End date must be within a year of the start date' },
    ]);
  });
});
