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
