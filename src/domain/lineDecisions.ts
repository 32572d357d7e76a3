import { formatDate, type IsoDate } from './dates';

/**
 * The plan's decision on a line of a request. Each outcome carries its X12 278 / Da Vinci PAS review
 * action code (HCR01), kept here for the FHIR API: A1 certified in total, A2 certified partially, A3 not
 * certified, A4 pended, C cancelled, NA no action required. Decisions are append-only: a correction is a
 * new decision with its reason, and the line's outcome is its latest decision's.
 */
export type LineOutcome = 'Approved' | 'Partially approved' | 'Denied' | 'Pended' | 'Information requested' | 'Cancelled' | 'No authorization required';

export const REVIEW_ACTION_CODES: Readonly<Record<LineOutcome, string>> = {
  Approved: 'A1',
  'Partially approved': 'A2',
  Denied: 'A3',
  Pended: 'A4',
  'Information requested': 'A4',
  Cancelled: 'C',
  'No authorization required': 'NA',
};

/** The outcomes a reviewer decides (the others come from the rules, a request for information or the office). */
export type DecidedOutcome = 'Approved' | 'Partially approved' | 'Denied';

export type ReviewerRole = 'clinical_reviewer' | 'physician_reviewer';

/** What the office asked for on a line. */
export interface RequestedLine {
  lineNumber: number;
  units: number;
  fromDate: IsoDate;
  toDate: IsoDate;
}

/** A reviewer's decision on a line, as typed. */
export interface ProposedDecision {
  outcome: DecidedOutcome;
  /** Authorized units; for a full approval, the units requested. */
  units: number;
  fromDate: IsoDate;
  toDate: IsoDate;
  reasonCode: string;
  /** The specific reason in words: which criterion was not met, or what documentation fell short. */
  reasonText: string;
}

export interface DecisionProblem {
  field: 'outcome' | 'authorizedUnits' | 'fromDate' | 'toDate' | 'reasonCode' | 'reasonText';
  message: string;
}

/**
 * What is wrong with a decision, if anything. A clinical reviewer (a nurse) may only approve in full:
 * denying or approving less than requested is a physician's decision. A denial or a partial approval
 * needs a reason code and the specific reason in words (CMS-0057-F). Nothing is ever authorized beyond
 * what was requested: not more units, not a longer period.
 */
export function decisionProblems(decision: ProposedDecision, line: RequestedLine, role: ReviewerRole, reasonCodes: readonly string[]): DecisionProblem[] {
  const problems: DecisionProblem[] = [];
  const label = `Line ${line.lineNumber}`;
  if (decision.outcome !== 'Approved' && role !== 'physician_reviewer') {
    problems.push({ field: 'outcome', message: `${label}: only a physician reviewer may deny a line or approve less than requested. Refer it to a physician` });
  }
  if (!Number.isInteger(decision.units) || decision.units < 0) {
    problems.push({ field: 'authorizedUnits', message: `${label}: enter the authorized units as a whole number` });
  } else if (decision.units > line.units) {
    problems.push({ field: 'authorizedUnits', message: `${label}: authorized units cannot be more than the ${line.units} requested` });
  } else if (decision.outcome === 'Approved' && decision.units !== line.units) {
    problems.push({ field: 'authorizedUnits', message: `${label}: an approval in full authorizes the ${line.units} units requested; choose Partially approve for fewer` });
  } else if (decision.outcome === 'Partially approved' && (decision.units < 1 || (decision.units === line.units && decision.fromDate === line.fromDate && decision.toDate === line.toDate))) {
    problems.push({ field: 'authorizedUnits', message: `${label}: a partial approval authorizes at least 1 unit, and fewer units or a shorter period than requested` });
  }
  if (decision.outcome === 'Approved' && (decision.fromDate !== line.fromDate || decision.toDate !== line.toDate) && decision.fromDate >= line.fromDate && decision.toDate <= line.toDate) {
    problems.push({ field: 'fromDate', message: `${label}: an approval in full authorizes the period requested; choose Partially approve for a shorter period` });
  }
  if (decision.outcome !== 'Denied') {
    if (decision.fromDate < line.fromDate) problems.push({ field: 'fromDate', message: `${label}: the authorized period cannot start before ${formatDate(line.fromDate)}, the first day requested` });
    if (decision.toDate > line.toDate) problems.push({ field: 'toDate', message: `${label}: the authorized period cannot end after ${formatDate(line.toDate)}, the last day requested` });
    if (decision.toDate < decision.fromDate) problems.push({ field: 'toDate', message: `${label}: the authorized period must end on or after it starts` });
  }
  if (decision.outcome !== 'Approved') {
    if (decision.reasonCode === '') problems.push({ field: 'reasonCode', message: `${label}: select the reason code` });
    else if (!reasonCodes.includes(decision.reasonCode)) problems.push({ field: 'reasonCode', message: `${label}: select a reason code from the list` });
    if (decision.reasonText.trim() === '') problems.push({ field: 'reasonText', message: `${label}: enter the reason for the decision: which criterion was not met, or what documentation fell short` });
  }
  return problems;
}

/** The certification number of an approved line: the request's authorization number and the line, EPS-00001951-1. */
export function certificationNumber(authorizationNumber: string, lineNumber: number): string {
  return `${authorizationNumber}-${lineNumber}`;
}

/**
 * A request's status, from its lines' outcomes: waiting on the office or the plan first; then the
 * decided outcome they share; a mix of approvals and denials reads "Partially approved".
 */
export function requestStatusFrom(outcomes: readonly LineOutcome[]): LineOutcome {
  const live = outcomes.filter((o) => o !== 'Cancelled');
  if (live.length === 0) return 'Cancelled';
  if (live.includes('Information requested')) return 'Information requested';
  if (live.includes('Pended')) return 'Pended';
  const decided = live.filter((o) => o !== 'No authorization required');
  if (decided.length === 0) return 'No authorization required';
  if (decided.every((o) => o === 'Approved')) return 'Approved';
  if (decided.every((o) => o === 'Denied')) return 'Denied';
  return 'Partially approved';
}

/** Reconsideration may be asked for within this many days of the decision, by default (a plan setting). */
export const RECONSIDERATION_DAYS = 60;

/** The last calendar day on which the office may ask for reconsideration of a decision made on `decidedOn`. */
export function reconsiderationDeadline(decidedOn: IsoDate, days = RECONSIDERATION_DAYS): IsoDate {
  const [y, m, d] = decidedOn.split('-').map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) + days)).toISOString().slice(0, 10);
}

/**
 * The first decision day whose reconsideration may still be asked for on `today`: a decision made on
 * this day or later is within its window (reconsiderationOpen), one made the day before is not.
 */
export function reconsiderationCutoff(today: IsoDate, days = RECONSIDERATION_DAYS): IsoDate {
  const [y, m, d] = today.split('-').map(Number);
  return new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, (d ?? 1) - days)).toISOString().slice(0, 10);
}

/** A reconsideration is decided by a physician reviewer other than the one who made the decision. */
export function reconsiderationReviewerProblem(reviewer: { id: number; role: ReviewerRole }, originalDeciderId: number): string | undefined {
  if (reviewer.role !== 'physician_reviewer') return 'Only a physician reviewer may decide a reconsideration';
  if (reviewer.id === originalDeciderId) return 'A reconsideration is decided by a physician other than the one who made the decision';
  return undefined;
}

/** The outcomes the office may ask to have reconsidered. */
export function isReconsiderable(outcome: string): outcome is 'Denied' | 'Partially approved' {
  return outcome === 'Denied' || outcome === 'Partially approved';
}

/** Whether reconsideration may still be asked for on `today`: up to and including the deadline day. */
export function reconsiderationOpen(decidedOn: IsoDate, today: IsoDate, days = RECONSIDERATION_DAYS): { deadline: IsoDate; open: boolean } {
  const deadline = reconsiderationDeadline(decidedOn, days);
  return { deadline, open: today <= deadline };
}

/** Why a line is back with the plan, as the queue and the review page mark it. */
export type ReviewMark = 'Reconsideration' | 'Information received';

/**
 * A line's marks: under reconsideration while its reconsideration waits for a decision; "Information
 * received" when it is pended again while its latest decision is still the request for information
 * (the office has answered since).
 */
export function reviewMarks(line: { status: string; latestOutcome: string | undefined; underReconsideration: boolean }): ReviewMark[] {
  const marks: ReviewMark[] = [];
  if (line.underReconsideration) marks.push('Reconsideration');
  if (line.status === 'Pended' && line.latestOutcome === 'Information requested') marks.push('Information received');
  return marks;
}
