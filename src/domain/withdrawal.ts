import type { IsoDate } from './dates';

/**
 * Withdrawing a request (issue 14): the office takes back a whole request or some of its lines. A line
 * may be withdrawn while it waits for the plan (pended, information requested) or, once approved,
 * until its service starts; a denied or cancelled line, or one that needed no authorization, is
 * final. A withdrawn line becomes Cancelled (X12 278 HCR01 "C"), recorded as a decision of the office.
 */

/** Why the office withdraws: a short list, as the plan's reports count them. */
export const WITHDRAWAL_REASONS = [
  { code: 'no-longer-needed', text: 'The service is no longer needed' },
  { code: 'member-declined', text: 'The member declined the service' },
  { code: 'other-provider', text: 'Another provider will give the service' },
  { code: 'entered-in-error', text: 'The request was entered in error' },
  { code: 'other', text: 'Another reason' },
] as const;

export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number]['code'];

/** At most this many characters of the office's own words. */
export const WITHDRAWAL_WORDS_MAX = 500;

const WAITING = new Set(['Pended', 'Information requested']);
const APPROVED = new Set(['Approved', 'Partially approved']);

/** Whether a line may be withdrawn on `today`: it waits for the plan, or it is approved and its service has not started. */
export function isWithdrawable(line: { status: string; fromDate: IsoDate }, today: IsoDate): boolean {
  return WAITING.has(line.status) || (APPROVED.has(line.status) && line.fromDate > today);
}

export interface WithdrawalForm {
  /** The line numbers chosen. */
  lines: readonly string[];
  reason: string;
  words: string;
}

export interface WithdrawalProblem {
  field: 'lines' | 'reason' | 'words';
  message: string;
}

/** What is wrong with a withdrawal, against the lines that may be withdrawn (their numbers). */
export function withdrawalProblems(form: WithdrawalForm, withdrawable: readonly number[]): WithdrawalProblem[] {
  const problems: WithdrawalProblem[] = [];
  if (form.lines.length === 0) problems.push({ field: 'lines', message: 'Select the lines to withdraw' });
  else if (form.lines.some((l) => !withdrawable.map(String).includes(l))) problems.push({ field: 'lines', message: 'Select only lines that can still be withdrawn' });
  if (form.reason === '') problems.push({ field: 'reason', message: 'Select the reason for withdrawing' });
  else if (!WITHDRAWAL_REASONS.some((r) => r.code === form.reason)) problems.push({ field: 'reason', message: 'Select a reason from the list' });
  if (form.words.length > WITHDRAWAL_WORDS_MAX) problems.push({ field: 'words', message: `More about the reason must be ${WITHDRAWAL_WORDS_MAX} characters or fewer` });
  else if (form.reason === 'other' && form.words.trim() === '') problems.push({ field: 'words', message: 'Say why the request is withdrawn' });
  return problems;
}

/** The reason in words, as the history and the plan read it: "Withdrawn by the office: <reason>. <words>". */
export function withdrawalNote(reason: WithdrawalReason, words: string): string {
  const text = WITHDRAWAL_REASONS.find((r) => r.code === reason)?.text ?? reason;
  const more = words.trim();
  return `Withdrawn by the office: ${text}${more ? `. ${more}` : ''}`;
}
