import type { IsoDate } from './dates';

/**
 * The duplicate warning (issue 14): before a request is submitted, the office is told when it already
 * has a submitted request for the same member and procedure code on overlapping dates whose line is
 * still live: waiting for the plan or approved. A line that needed no authorization, or was cancelled,
 * or denied, is no duplicate; a request still in progress is not submitted and is not counted.
 */
export const LIVE_STATUSES: readonly string[] = ['Pended', 'Information requested', 'Approved', 'Partially approved'];

export interface SubmittedLine {
  referenceNumber: string;
  code: string;
  fromDate: IsoDate;
  toDate: IsoDate;
  status: string;
}

export interface Proposed {
  codes: readonly string[];
  startDate: IsoDate;
  endDate: IsoDate;
}

export interface Duplicate {
  referenceNumber: string;
  codes: string[];
  statuses: string[];
  fromDate: IsoDate;
  toDate: IsoDate;
}

/** The submitted requests the proposed one would duplicate, one entry per request, in the order met. */
export function duplicateRequests(proposed: Proposed, submitted: readonly SubmittedLine[]): Duplicate[] {
  const found = new Map<string, Duplicate>();
  for (const line of submitted) {
    if (!proposed.codes.includes(line.code) || !LIVE_STATUSES.includes(line.status)) continue;
    if (line.fromDate > proposed.endDate || proposed.startDate > line.toDate) continue;
    const d = found.get(line.referenceNumber) ?? { referenceNumber: line.referenceNumber, codes: [], statuses: [], fromDate: line.fromDate, toDate: line.toDate };
    if (!d.codes.includes(line.code)) d.codes.push(line.code);
    if (!d.statuses.includes(line.status)) d.statuses.push(line.status);
    if (line.fromDate < d.fromDate) d.fromDate = line.fromDate;
    if (line.toDate > d.toDate) d.toDate = line.toDate;
    found.set(line.referenceNumber, d);
  }
  return [...found.values()];
}

/** What the office said when it chose "Continue anyway", and about which requests. */
export interface DuplicateAcknowledged {
  references: string[];
  reason: string;
}

/** The duplicates the office has not yet said it means to continue past (a new one appears after "Continue anyway"). */
export function unacknowledged(duplicates: readonly Duplicate[], acknowledged: DuplicateAcknowledged | undefined): Duplicate[] {
  return duplicates.filter((d) => !acknowledged?.references.includes(d.referenceNumber));
}

export const DUPLICATE_REASON_MAX = 500;

export function duplicateReasonProblem(reason: string): string | undefined {
  if (reason.trim() === '') return 'Say why a second request is needed, or update the request already made instead';
  if (reason.length > DUPLICATE_REASON_MAX) return `Why a second request is needed must be ${DUPLICATE_REASON_MAX} characters or fewer`;
  return undefined;
}

/** The refusal at submit, when a duplicate was not acknowledged (it may have been submitted meanwhile). */
export function duplicateMessage(memberName: string, duplicates: readonly Duplicate[]): string {
  const which = duplicates.map((d) => `${d.referenceNumber} (${d.codes.join(', ')}, ${d.statuses.join(', ').toLowerCase()})`).join('; ');
  return `${memberName} already has a request for the same service on overlapping dates: ${which}. Say why a second request is needed and choose Continue anyway, or update that request instead`;
}
