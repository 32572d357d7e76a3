/**
 * The decision clock of CMS-0057-F (Interoperability and Prior Authorization final rule, 45 CFR 156.223
 * and 42 CFR 438.210): a plan decides an expedited request within 72 hours and a standard one within 7
 * calendar days (168 hours) of receiving it. The clock starts when the request is received (submitted)
 * and stops at the decision; the only lengthening is one recorded extension of up to 14 calendar days,
 * with its reason.
 */
export type Priority = 'expedited' | 'standard';

export const DECISION_HOURS: Readonly<Record<Priority, number>> = { expedited: 72, standard: 168 };
export const MAX_EXTENSION_DAYS = 14;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface Extension {
  days: number;
  reason: string;
}

/** What is wrong with an extension, if anything: at most 14 calendar days, one only, with a reason. */
export function extensionProblem(extension: Extension, earlier: readonly Extension[] = []): string | undefined {
  if (earlier.length > 0) return 'The review has been extended already: a review can be extended once';
  if (!Number.isInteger(extension.days) || extension.days < 1 || extension.days > MAX_EXTENSION_DAYS) {
    return `Enter the extension as a whole number of days from 1 to ${MAX_EXTENSION_DAYS}`;
  }
  if (extension.reason.trim() === '') return 'Enter the reason for the extension';
  return undefined;
}

/** When the decision is due: received + 72 or 168 hours, plus the extension's days if there is one. */
export function decisionDue(receivedAt: Date, priority: Priority, extension?: Pick<Extension, 'days'>): Date {
  return new Date(receivedAt.getTime() + DECISION_HOURS[priority] * HOUR + (extension?.days ?? 0) * DAY);
}

export interface TimeLeft {
  overdue: boolean;
  /** Milliseconds until due (negative once overdue): what the queue sorts by. */
  ms: number;
  /** "2 days 4 hours left", "35 minutes left", "Overdue by 3 hours": words, never colour alone. */
  words: string;
}

function span(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  const mins = minutes % 60;
  const parts: string[] = [];
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (days > 0) parts.push(unit(days, 'day'));
  if (hours > 0) parts.push(unit(hours, 'hour'));
  if (days === 0 && (mins > 0 || parts.length === 0)) parts.push(unit(mins, 'minute'));
  return parts.join(' ');
}

export function timeLeft(due: Date, now: Date): TimeLeft {
  const ms = due.getTime() - now.getTime();
  if (ms < 0) return { overdue: true, ms, words: `Overdue by ${span(-ms)}` };
  return { overdue: false, ms, words: `${span(ms)} left` };
}

/** Whether a decision made at `decidedAt` was within the timeframe. */
export function decidedOnTime(decidedAt: Date, due: Date): boolean {
  return decidedAt.getTime() <= due.getTime();
}

/**
 * An instant as the plan's staff and letters show it, in the plan's time zone (PLAN_TIME_ZONE, an IANA
 * name): "03/05/2026 2:05 PM EST".
 */
export function formatInTimeZone(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: 'numeric',
    minute: '2-digit',
    hour12: true,
    timeZoneName: 'short',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('month')}/${part('day')}/${part('year')} ${part('hour')}:${part('minute')} ${part('dayPeriod')} ${part('timeZoneName')}`;
}

/** The calendar date of an instant in the plan's time zone: the date a letter carries (YYYY-MM-DD). */
export function dateInTimeZone(instant: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The instant a calendar day (YYYY-MM-DD) begins in a time zone: 2026-03-10 in New York is 04:00 UTC (EDT). */
export function startOfDayInTimeZone(date: string, timeZone: string): Date {
  const [y = 0, m = 1, d = 1] = date.split('-').map(Number);
  const midnightAsUtc = Date.UTC(y, m - 1, d);
  // The zone's offset at an instant: its wall-clock time read as UTC, minus the instant.
  const offsetAt = (instant: number) => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(instant));
    const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - instant;
  };
  // Twice, so that a day on which the offset changes (daylight saving) still lands on its first instant.
  let start = midnightAsUtc - offsetAt(midnightAsUtc);
  start = midnightAsUtc - offsetAt(start);
  return new Date(start);
}

/** True when the name is a time zone this runtime knows (checked when the configuration is read). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * What the office attests when it marks a request expedited: the CMS standard for an expedited
 * decision (42 CFR 438.210(d)(2), 45 CFR 156.223): the standard timeframe could seriously jeopardize
 * the member's life, health or ability to attain, maintain or regain maximum function.
 */
export const EXPEDITED_WORDING =
  "Applying the standard timeframe could seriously jeopardize the member's life or health or ability to regain maximum function";

/** The justification the office writes for an expedited request, at most this long. */
export const EXPEDITED_REASON_MAX = 500;

/** What is wrong with the office's choice of priority, if anything: an expedited request needs its justification. */
export function expeditedProblem(expedited: boolean, reason: string): string | undefined {
  if (!expedited) return undefined;
  if (reason.trim() === '') return 'Enter why the standard timeframe could seriously jeopardize the member, or untick Expedited';
  if (reason.trim().length > EXPEDITED_REASON_MAX) return `The reason the request is expedited must be ${EXPEDITED_REASON_MAX} characters or fewer`;
  return undefined;
}
