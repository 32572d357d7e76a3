import { isWithdrawable, withdrawalNote, withdrawalProblems, WITHDRAWAL_WORDS_MAX } from '../../../src/domain/withdrawal';

describe('isWithdrawable', () => {
  const today = '2026-03-10';
  it.each([
    ['Pended', '2026-01-01', true],
    ['Information requested', '2026-01-01', true],
    ['Approved', '2026-03-11', true],
    ['Partially approved', '2026-04-01', true],
    ['Approved', '2026-03-10', false],
    ['Approved', '2026-03-01', false],
    ['Denied', '2026-04-01', false],
    ['Cancelled', '2026-04-01', false],
    ['No authorization required', '2026-04-01', false],
  ])('a line %s from %s: %s', (status, fromDate, expected) => {
    expect(isWithdrawable({ status, fromDate }, today)).toBe(expected);
  });
});

describe('withdrawalProblems', () => {
  it('accepts chosen withdrawable lines with a reason from the list, words optional', () => {
    expect(withdrawalProblems({ lines: ['1', '2'], reason: 'no-longer-needed', words: '' }, [1, 2])).toEqual([]);
  });
  it('asks for lines and a reason', () => {
    expect(withdrawalProblems({ lines: [], reason: '', words: '' }, [1])).toEqual([
      { field: 'lines', message: 'Select the lines to withdraw' },
      { field: 'reason', message: 'Select the reason for withdrawing' },
    ]);
  });
  it('refuses a line that cannot be withdrawn and a reason not on the list', () => {
    expect(withdrawalProblems({ lines: ['2'], reason: 'bored', words: '' }, [1])).toEqual([
      { field: 'lines', message: 'Select only lines that can still be withdrawn' },
      { field: 'reason', message: 'Select a reason from the list' },
    ]);
  });
  it('needs words for "another reason", and never too many', () => {
    expect(withdrawalProblems({ lines: ['1'], reason: 'other', words: ' ' }, [1])).toEqual([{ field: 'words', message: 'Say why the request is withdrawn' }]);
    expect(withdrawalProblems({ lines: ['1'], reason: 'other', words: 'x'.repeat(WITHDRAWAL_WORDS_MAX + 1) }, [1])[0]?.field).toBe('words');
  });
});

describe('withdrawalNote', () => {
  it('says who withdrew and why, with the words when given', () => {
    expect(withdrawalNote('member-declined', '')).toBe('Withdrawn by the office: The member declined the service');
    expect(withdrawalNote('other', ' Moved away ')).toBe('Withdrawn by the office: Another reason. Moved away');
  });
});
