import { dayBefore, formatDate, type IsoDate } from './dates';

/** A message between the office and the plan is plain text of at most this many characters. */
export const MESSAGE_MAX = 2000;

/**
 * A message as stored: plain text only. Line ends are made \n and control characters (other than line
 * ends and tabs) are dropped; nothing is interpreted as markup (the pages escape it and keep its lines).
 */
export function plainText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex -- the control characters are what is removed
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/g, '')
    .trim();
}

/** What is wrong with a message, if anything ("Enter the message", or too long). */
export function messageProblem(text: string, label = 'message'): string | undefined {
  if (text === '') return `Enter the ${label}`;
  if (text.length > MESSAGE_MAX) return `The ${label} must be ${MESSAGE_MAX} characters or fewer (it has ${text.length})`;
  return undefined;
}

/**
 * The date the office is asked to answer by, when the reviewer does not choose one: the day before the
 * decision is due, so the answer can still be read in time; never before today.
 */
export function defaultRespondBy(today: IsoDate, decisionDueOn: IsoDate): IsoDate {
  const before = dayBefore(decisionDueOn);
  return before < today ? today : before;
}

/**
 * What is wrong with a "Respond by" date, if anything: it may not be in the past. A date after the
 * decision is due is allowed (the reviewer may choose to wait), and said: the clock does not stop.
 */
export function respondByProblem(respondBy: IsoDate, today: IsoDate): string | undefined {
  if (respondBy < today) return `The respond-by date must be today (${formatDate(today)}) or later`;
  return undefined;
}

/** The words shown when the respond-by date falls after the decision's due date. */
export function respondByAfterDueNote(respondBy: IsoDate, decisionDueOn: IsoDate): string | undefined {
  if (respondBy <= decisionDueOn) return undefined;
  return `The office is asked to respond by ${formatDate(respondBy)}, after the decision is due (${formatDate(decisionDueOn)}): the decision clock does not stop while the plan waits.`;
}
