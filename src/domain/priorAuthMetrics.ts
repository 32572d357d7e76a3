import type { CoverageRule } from './coverage';
import type { Priority } from './reviewClock';

/**
 * The figures CMS-0057-F asks a plan to publish each year (42 CFR 422.122(c), 438.210(f), 440.230(e),
 * 457.732(c), 45 CFR 156.223(c)): for standard requests the percentage approved, denied, approved after
 * appeal, and extended then approved; for expedited requests the percentage approved and denied; and the
 * average and median time from submission to decision for each. Computed from the recorded decisions.
 */
export type DecidedAs = 'approved' | 'partially approved' | 'denied';

/** How a partial approval counts in the percentages: a plan setting, stated on the page. */
export type PartialApprovals = 'as-approved' | 'as-denied';

export interface DecidedRequest {
  priority: Priority;
  receivedAt: Date;
  /** The first decision (the clock stops there). */
  decidedAt: Date;
  outcome: DecidedAs;
  /** The timeframe was extended before the decision. */
  extended: boolean;
  /** The outcome of a reconsideration (appeal), when one was decided. */
  appealOutcome?: DecidedAs;
}

export interface PriorityFigures {
  requests: number;
  approvedPercent: number | null;
  deniedPercent: number | null;
  /** Standard only: approved on reconsideration, of all standard requests decided. */
  approvedAfterAppealPercent: number | null;
  /** Standard only: extended and then approved, of all standard requests decided. */
  extendedThenApprovedPercent: number | null;
  averageHours: number | null;
  medianHours: number | null;
}

export interface YearFigures {
  standard: PriorityFigures;
  expedited: PriorityFigures;
}

function counts(outcome: DecidedAs, partials: PartialApprovals): 'approved' | 'denied' {
  if (outcome === 'partially approved') return partials === 'as-approved' ? 'approved' : 'denied';
  return outcome;
}

/** A share of the whole as a percentage with one decimal; null when there is nothing to share. */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const hoursBetween = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 3_600_000;
const oneDecimal = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

function figuresFor(requests: readonly DecidedRequest[], partials: PartialApprovals): PriorityFigures {
  const n = requests.length;
  const approved = requests.filter((r) => counts(r.outcome, partials) === 'approved').length;
  const hours = requests.map((r) => hoursBetween(r.receivedAt, r.decidedAt));
  return {
    requests: n,
    approvedPercent: percentOf(approved, n),
    deniedPercent: percentOf(n - approved, n),
    approvedAfterAppealPercent: percentOf(requests.filter((r) => r.appealOutcome !== undefined && counts(r.appealOutcome, partials) === 'approved').length, n),
    extendedThenApprovedPercent: percentOf(requests.filter((r) => r.extended && counts(r.outcome, partials) === 'approved').length, n),
    averageHours: oneDecimal(n === 0 ? null : hours.reduce((a, b) => a + b, 0) / n),
    medianHours: oneDecimal(median(hours)),
  };
}

/** The year's figures: requests received in that calendar year (in the plan's reckoning) and decided. */
export function yearFigures(requests: readonly DecidedRequest[], partials: PartialApprovals): YearFigures {
  return {
    standard: figuresFor(requests.filter((r) => r.priority === 'standard'), partials),
    expedited: figuresFor(requests.filter((r) => r.priority === 'expedited'), partials),
  };
}

/** A line's decisions as recorded, oldest first, and its latest reconsideration outcome, if any. */
export interface RecordedLine {
  decisions: readonly { outcome: string; decidedAt: Date }[];
  /**
   * The outcome of the latest decided reconsideration (appeal) of this line. Reconsideration is built
   * beside this (issue 12, part C): whatever records it hands its outcomes in here.
   */
  reconsidered?: DecidedAs;
}

/** A submitted request as the database records it, for the figures. */
export interface RecordedRequest {
  priority: Priority;
  receivedAt: Date;
  extended: boolean;
  lines: readonly RecordedLine[];
}

const DECIDED: Readonly<Record<string, DecidedAs>> = { Approved: 'approved', 'Partially approved': 'partially approved', Denied: 'denied' };

/** How the figures name a recorded outcome (a line's or a reconsideration's); undefined when it is not a decision. */
export function decidedAs(outcome: string): DecidedAs | undefined {
  return DECIDED[outcome];
}

/** A request's outcome from its lines' outcomes: all approved, all denied, or anything else in part. */
function requestOutcome(outcomes: readonly DecidedAs[]): DecidedAs {
  if (outcomes.every((o) => o === 'approved')) return 'approved';
  if (outcomes.every((o) => o === 'denied')) return 'denied';
  return 'partially approved';
}

/**
 * A request as the figures count it, or undefined while it is not decided. Each line counts by its
 * first decision that approved, approved in part or denied (the clock stops there; a later correction
 * is not a new decision time); lines that needed no authorization or were cancelled do not count. The
 * request is decided when every line that counts is; its decision time is the last of theirs. A request
 * none of whose lines needed authorization is not a prior authorization request at all.
 */
export function decidedRequestFrom(recorded: RecordedRequest): DecidedRequest | undefined {
  const firsts: { outcome: DecidedAs; decidedAt: Date; reconsidered?: DecidedAs }[] = [];
  for (const line of recorded.lines) {
    const first = line.decisions.find((d) => DECIDED[d.outcome] !== undefined);
    if (first) {
      firsts.push({ outcome: DECIDED[first.outcome] as DecidedAs, decidedAt: first.decidedAt, reconsidered: line.reconsidered });
      continue;
    }
    const latest = line.decisions[line.decisions.length - 1]?.outcome;
    if (latest === 'Cancelled' || latest === 'No authorization required') continue;
    return undefined; // still waiting for the plan or the office
  }
  if (firsts.length === 0) return undefined;
  const decidedAt = new Date(Math.max(...firsts.map((f) => f.decidedAt.getTime())));
  const outcome = requestOutcome(firsts.map((f) => f.outcome));
  const appealed = firsts.some((f) => f.reconsidered !== undefined);
  return {
    priority: recorded.priority,
    receivedAt: recorded.receivedAt,
    decidedAt,
    outcome,
    extended: recorded.extended,
    ...(appealed && outcome !== 'approved' ? { appealOutcome: requestOutcome(firsts.map((f) => f.reconsidered ?? f.outcome)) } : {}),
  };
}

/** The offset of a time zone from UTC at an instant, in milliseconds (positive east of Greenwich). */
function offsetAt(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(instant);
  const n = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(instant.getTime() / 1000) * 1000;
}

/** Midnight starting 1 January of `year` in the time zone, as an instant. */
function startOfYear(year: number, timeZone: string): Date {
  const guess = Date.UTC(year, 0, 1);
  return new Date(guess - offsetAt(new Date(guess - offsetAt(new Date(guess), timeZone)), timeZone));
}

/** A calendar year in the plan's time zone, as the instants [from, to) that bound it. */
export function yearBounds(year: number, timeZone: string): { from: Date; to: Date } {
  return { from: startOfYear(year, timeZone), to: startOfYear(year + 1, timeZone) };
}

/** The calendar year an instant falls in, in the plan's time zone. */
export function yearIn(instant: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric' }).format(instant));
}

/** A year asked for in the address: four digits within the years the portal can have figures for. */
export function parseMetricsYear(text: string, currentYear: number): number | undefined {
  if (!/^\d{4}$/.test(text)) return undefined;
  const year = Number(text);
  return year >= 2000 && year <= currentYear ? year : undefined;
}

/** One row of the published figures: what is measured, with the standard and expedited values. */
export interface MetricsRow {
  measure: string;
  standard: string;
  expedited: string;
}

const percent = (value: number | null) => (value === null ? 'No requests' : `${value}%`);
const hours = (value: number | null) => (value === null ? 'No requests' : `${value} hours`);
const NOT_APPLICABLE = 'Not applicable';

/**
 * The figures as published, one row per measure: the page's table and the CSV are both these rows,
 * so they never disagree.
 */
export function metricsRows(figures: YearFigures): MetricsRow[] {
  const { standard: s, expedited: e } = figures;
  return [
    { measure: 'Requests decided', standard: String(s.requests), expedited: String(e.requests) },
    { measure: 'Approved', standard: percent(s.approvedPercent), expedited: percent(e.approvedPercent) },
    { measure: 'Denied', standard: percent(s.deniedPercent), expedited: percent(e.deniedPercent) },
    { measure: 'Approved after appeal', standard: percent(s.approvedAfterAppealPercent), expedited: NOT_APPLICABLE },
    { measure: 'Timeframe extended, then approved', standard: percent(s.extendedThenApprovedPercent), expedited: NOT_APPLICABLE },
    { measure: 'Average time from submission to decision', standard: hours(s.averageHours), expedited: hours(e.averageHours) },
    { measure: 'Median time from submission to decision', standard: hours(s.medianHours), expedited: hours(e.medianHours) },
  ];
}

/** A CSV field, quoted when it must be (RFC 4180). */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** An item or service that requires prior authorization, as the public list names it. */
export interface PriorAuthItem {
  codes: string;
  setting: string;
  description: string;
}

/**
 * The items and services that require prior authorization, from the coverage rules in force: every
 * rule that pends a line for review or asks the questionnaire, and every rule with a yearly limit past
 * which it does. Rules that need no authorization, or that exclude a benefit, are not listed.
 */
export function priorAuthItems(rules: readonly CoverageRule[]): PriorAuthItem[] {
  return rules
    .filter((r) => r.requirement === 'review' || r.requirement === 'questionnaire' || (r.requirement === 'none' && r.unitLimit !== undefined))
    .map((r) => ({
      codes: r.codes?.join(', ') ?? 'All codes',
      setting: r.careSetting === 'inpatient' ? 'Inpatient' : r.careSetting === 'outpatient' ? 'Outpatient' : 'Any setting',
      description: r.description,
    }));
}
