import { formatDate, parseDate, type IsoDate } from './dates';
import type { EligibilitySpan } from './eligibility';
import { serviceDatesProblem } from './serviceDates';

/**
 * Updating or extending an authorization (issue 14): the office changes a line's units (the new
 * total), extends its end date, cancels it, or adds a line; the member, the organization and the
 * original lines' codes stay. Submitting makes a new version of the same authorization. A line the
 * plan denied needs a new request; a cancelled request (every line cancelled) cannot be updated.
 */

/** A line of the version being updated, as the office sees it. */
export interface CurrentLine {
  lineNumber: number;
  code: string;
  units: number;
  fromDate: IsoDate;
  toDate: IsoDate;
  status: string;
}

/** What the office changed on one line of the current version. */
export interface LineChange {
  units?: number;
  toDate?: IsoDate;
  cancel?: boolean;
}

/** A line the office adds: a code checked by the wizard's code look-up, and its units. */
export interface AddedLine {
  code: string;
  system: string;
  units: number;
}

export const DENIED_LINE_MESSAGE = 'A denied line cannot be updated: copy it to a new request';
export const CANCELLED_REQUEST_MESSAGE = 'This request is cancelled, so it cannot be updated: copy it to a new request';
export const NOTHING_CHANGED_MESSAGE = 'Change at least one line, or add one, before you submit the update';
export const UNITS_MAX = 9999;

const UPDATABLE = new Set(['Approved', 'Partially approved', 'Pended', 'Information requested', 'No authorization required']);

/** Why a line cannot be updated; undefined when it can (approved, partially approved, waiting for the plan, or needing no authorization). */
export function lineRefusal(line: Pick<CurrentLine, 'status'>): string | undefined {
  if (UPDATABLE.has(line.status)) return undefined;
  if (line.status === 'Denied') return DENIED_LINE_MESSAGE;
  return 'A cancelled line cannot be updated';
}

/** Why the request cannot be updated at all; undefined when at least one line can be. */
export function requestRefusal(lines: readonly Pick<CurrentLine, 'status'>[]): string | undefined {
  if (lines.every((l) => l.status === 'Cancelled')) return CANCELLED_REQUEST_MESSAGE;
  if (lines.every((l) => lineRefusal(l) !== undefined)) return lines.some((l) => l.status === 'Denied') ? DENIED_LINE_MESSAGE : CANCELLED_REQUEST_MESSAGE;
  return undefined;
}

/** The form's fields for one line. */
export const lineFields = (n: number) => ({ units: `units-${n}`, toDate: `toDate-${n}`, cancel: `cancel-${n}` });

export interface UpdateProblem {
  field: string;
  message: string;
}

/**
 * Reads the lines page: for each line that may change, the new total units and end date (as typed,
 * prefilled with the current ones) and whether to cancel it. A change posted for a line that may not
 * change (denied, cancelled) is refused with the reason, not ignored.
 */
export function readLineChanges(lines: readonly CurrentLine[], body: Record<string, unknown>): { changes: Record<string, LineChange>; problems: UpdateProblem[] } {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const changes: Record<string, LineChange> = {};
  const problems: UpdateProblem[] = [];
  for (const line of lines) {
    const f = lineFields(line.lineNumber);
    const typedUnits = text(body[f.units]);
    const typedDate = text(body[f.toDate]);
    const cancel = text(body[f.cancel]) === 'yes';
    const refusal = lineRefusal(line);
    if (refusal) {
      const posted = (typedUnits !== '' && typedUnits !== String(line.units)) || (typedDate !== '' && parseDate(typedDate) !== line.toDate) || cancel;
      if (posted) problems.push({ field: f.units, message: `Line ${line.lineNumber} (${line.code}): ${refusal}` });
      continue;
    }
    const change: LineChange = {};
    if (cancel) change.cancel = true;
    else {
      if (typedUnits === '') problems.push({ field: f.units, message: `Enter the units for line ${line.lineNumber} (${line.code}), the new total` });
      else if (!/^\d{1,4}$/.test(typedUnits) || Number(typedUnits) < 1) problems.push({ field: f.units, message: `Units for line ${line.lineNumber} (${line.code}) must be a whole number from 1 to ${UNITS_MAX}` });
      else if (Number(typedUnits) !== line.units) change.units = Number(typedUnits);
      const date = typedDate === '' ? null : parseDate(typedDate);
      if (typedDate === '') problems.push({ field: f.toDate, message: `Enter the end date for line ${line.lineNumber} (${line.code})` });
      else if (date === null) problems.push({ field: f.toDate, message: `End date for line ${line.lineNumber} (${line.code}) must be a real date, like 03/31/2027` });
      else if (date < line.fromDate) problems.push({ field: f.toDate, message: `End date for line ${line.lineNumber} (${line.code}) must be on or after its start date, ${formatDate(line.fromDate)}` });
      else if (date !== line.toDate) change.toDate = date;
    }
    if (Object.keys(change).length > 0) changes[String(line.lineNumber)] = change;
  }
  return { changes, problems };
}

/**
 * Why a line's new period is refused: its end date moved, so the line from its start date to the new
 * end date is checked by the wizard's own rule for dates of service (inside one span of the member's
 * eligibility, within a year). The message names the line and says when the member's coverage ends.
 */
export function changedPeriodProblems(
  member: { firstName: string; lastName: string; eligibility: readonly EligibilitySpan[] },
  lines: readonly CurrentLine[],
  changes: Readonly<Record<string, LineChange>>,
): UpdateProblem[] {
  const problems: UpdateProblem[] = [];
  for (const line of lines) {
    const c = changes[String(line.lineNumber)];
    if (!c || c.cancel || c.toDate === undefined || c.toDate === line.toDate) continue;
    const problem = serviceDatesProblem(member, line.fromDate, c.toDate);
    if (problem) problems.push({ field: lineFields(line.lineNumber).toDate, message: `Line ${line.lineNumber} (${line.code}): ${problem.message}` });
  }
  return problems;
}

/** One line's changes in the office's words, against the current version. */
export interface ChangeEntry {
  lineNumber: number;
  code: string;
  changes: string[];
}

/** Each change against the current authorization: "units 25 -> 30", "end date 12/31/2026 -> 03/31/2027", "new line", "cancelled". */
export function changeList(lines: readonly CurrentLine[], changes: Readonly<Record<string, LineChange>>, added: readonly AddedLine[]): ChangeEntry[] {
  const entries: ChangeEntry[] = [];
  for (const line of lines) {
    const c = changes[String(line.lineNumber)];
    if (!c) continue;
    const words: string[] = [];
    if (c.cancel) words.push('cancelled');
    else {
      if (c.units !== undefined && c.units !== line.units) words.push(`units ${line.units} -> ${c.units}`);
      if (c.toDate !== undefined && c.toDate !== line.toDate) words.push(`end date ${formatDate(line.toDate)} -> ${formatDate(c.toDate)}`);
    }
    if (words.length > 0) entries.push({ lineNumber: line.lineNumber, code: line.code, changes: words });
  }
  const next = Math.max(0, ...lines.map((l) => l.lineNumber));
  added.forEach((a, i) => entries.push({ lineNumber: next + i + 1, code: a.code, changes: [`new line, ${a.units} ${a.units === 1 ? 'unit' : 'units'}`] }));
  return entries;
}

/** The one line a change list says of a line: "Line 1 (97110): units 25 -> 30; end date ...". */
export function changeWords(entry: ChangeEntry): string {
  return `Line ${entry.lineNumber} (${entry.code}): ${entry.changes.join('; ')}`;
}

/** Why an added line is refused: a code already on the request (any line, even cancelled, keeps its code). */
export function addedLineProblem(lines: readonly Pick<CurrentLine, 'code'>[], added: readonly AddedLine[], code: string): string | undefined {
  if (lines.some((l) => l.code === code) || added.some((a) => a.code === code)) return `${code} is already on this request: change that line's units instead`;
  if (lines.length + added.length >= 25) return 'A request can have up to 25 procedure codes';
  return undefined;
}

/** A line of the new version: carried over unchanged, changed (the coverage rules run again), cancelled, or new. */
export interface VersionLine {
  lineNumber: number;
  code: string;
  /** The code system of an added line; a line carried over keeps its own. */
  system?: string;
  units: number;
  fromDate: IsoDate;
  toDate: IsoDate;
  kind: 'unchanged' | 'changed' | 'cancelled' | 'new';
  /** The current version's line it continues; absent for a new line. */
  previousLineNumber?: number;
}

/**
 * The new version's lines: every current line (same number and code), with its changes applied, and
 * the added lines after them, for the request's own period (its start date to its latest end date).
 */
export function newVersionLines(lines: readonly CurrentLine[], changes: Readonly<Record<string, LineChange>>, added: readonly AddedLine[]): VersionLine[] {
  const result: VersionLine[] = lines.map((line) => {
    const c = changes[String(line.lineNumber)];
    const base = { lineNumber: line.lineNumber, code: line.code, units: line.units, fromDate: line.fromDate, toDate: line.toDate, previousLineNumber: line.lineNumber };
    if (!c || lineRefusal(line)) return { ...base, kind: 'unchanged' as const };
    if (c.cancel) return { ...base, kind: 'cancelled' as const };
    const units = c.units ?? line.units;
    const toDate = c.toDate ?? line.toDate;
    return units === line.units && toDate === line.toDate ? { ...base, kind: 'unchanged' as const } : { ...base, units, toDate, kind: 'changed' as const };
  });
  const { start, end } = versionPeriod(result.length > 0 ? result : lines);
  const next = Math.max(0, ...lines.map((l) => l.lineNumber));
  added.forEach((a, i) => result.push({ lineNumber: next + i + 1, code: a.code, system: a.system, units: a.units, fromDate: start, toDate: end, kind: 'new' }));
  return result;
}

/** The dates of service of a version: its earliest start and latest end. */
export function versionPeriod(lines: readonly Pick<CurrentLine, 'fromDate' | 'toDate'>[]): { start: IsoDate; end: IsoDate } {
  const starts = lines.map((l) => l.fromDate).sort();
  const ends = lines.map((l) => l.toDate).sort();
  return { start: starts[0] ?? '', end: ends[ends.length - 1] ?? '' };
}
