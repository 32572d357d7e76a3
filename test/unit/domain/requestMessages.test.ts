import { defaultRespondBy, messageProblem, MESSAGE_MAX, plainText, respondByAfterDueNote, respondByProblem } from '../../../src/domain/requestMessages';
import { isReconsiderable, reconsiderationOpen, reviewMarks } from '../../../src/domain/lineDecisions';
import { dateInTimeZone } from '../../../src/domain/reviewClock';

describe('a message between the office and the plan', () => {
  test('is plain text: line ends made \\n, control and bidirectional characters dropped, trimmed', () => {
    expect(plainText('  Line one\r\nLine two\rthree\u0007\u202Eevil\t ')).toBe('Line one\nLine two\nthreeevil');
    expect(plainText('<b>bold</b>')).toBe('<b>bold</b>');
  });

  test('must not be empty nor longer than the limit', () => {
    expect(messageProblem('')).toBe('Enter the message');
    expect(messageProblem('', 'reason for reconsideration')).toBe('Enter the reason for reconsideration');
    expect(messageProblem('x'.repeat(MESSAGE_MAX))).toBeUndefined();
    expect(messageProblem('x'.repeat(MESSAGE_MAX + 1))).toBe(`The message must be ${MESSAGE_MAX} characters or fewer (it has ${MESSAGE_MAX + 1})`);
  });
});

describe('respond by', () => {
  test('defaults to the day before the decision is due, never before today', () => {
    expect(defaultRespondBy('2026-03-10', '2026-03-17')).toBe('2026-03-16');
    expect(defaultRespondBy('2026-03-10', '2026-03-10')).toBe('2026-03-10');
    expect(defaultRespondBy('2026-03-10', '2026-03-01')).toBe('2026-03-10');
  });

  test('may not be in the past; after the due date is allowed, and said', () => {
    expect(respondByProblem('2026-03-09', '2026-03-10')).toBe('The respond-by date must be today (03/10/2026) or later');
    expect(respondByProblem('2026-03-10', '2026-03-10')).toBeUndefined();
    expect(respondByAfterDueNote('2026-03-17', '2026-03-17')).toBeUndefined();
    expect(respondByAfterDueNote('2026-03-18', '2026-03-17')).toContain('after the decision is due (03/17/2026)');
  });
});

describe('reconsideration', () => {
  test('of a denial or a partial approval only', () => {
    expect(['Denied', 'Partially approved', 'Approved', 'Pended', 'Information requested'].filter(isReconsiderable)).toEqual(['Denied', 'Partially approved']);
  });

  test('may be asked for up to and including the deadline day (60 days by default, or the window given)', () => {
    expect(reconsiderationOpen('2026-03-10', '2026-05-09')).toEqual({ deadline: '2026-05-09', open: true });
    expect(reconsiderationOpen('2026-03-10', '2026-05-10')).toEqual({ deadline: '2026-05-09', open: false });
    expect(reconsiderationOpen('2026-03-10', '2026-04-10', 30)).toEqual({ deadline: '2026-04-09', open: false });
  });
});

describe('why a line is back with the plan', () => {
  test('"Information received" when pended again after a request for information; "Reconsideration" while one waits', () => {
    expect(reviewMarks({ status: 'Pended', latestOutcome: 'Information requested', underReconsideration: false })).toEqual(['Information received']);
    expect(reviewMarks({ status: 'Information requested', latestOutcome: 'Information requested', underReconsideration: false })).toEqual([]);
    expect(reviewMarks({ status: 'Pended', latestOutcome: 'Pended', underReconsideration: false })).toEqual([]);
    expect(reviewMarks({ status: 'Pended', latestOutcome: 'Denied', underReconsideration: true })).toEqual(['Reconsideration']);
    expect(reviewMarks({ status: 'Pended', latestOutcome: 'Information requested', underReconsideration: true })).toEqual(['Reconsideration', 'Information received']);
  });
});

test("an instant's calendar date in the plan's time zone", () => {
  expect(dateInTimeZone(new Date('2026-03-11T03:00:00Z'), 'America/New_York')).toBe('2026-03-10');
  expect(dateInTimeZone(new Date('2026-03-11T03:00:00Z'), 'UTC')).toBe('2026-03-11');
});
