import { formatDate, type IsoDate } from './dates';
import { eligibilityOn, type EligibilitySpan } from './eligibility';

/** A request covers at most a year of service. */
export const MAX_SERVICE_DAYS = 365;

export interface ServiceDateProblem {
  field: 'startDate' | 'endDate';
  message: string;
}

function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * What is wrong with the dates of service of a request for this member, if anything: the end before
 * the start, more than a year, or dates outside the member's eligibility (a request stays inside one
 * eligibility span).
 */
export function serviceDatesProblem(member: { firstName: string; lastName: string; eligibility: readonly EligibilitySpan[] }, start: IsoDate, end: IsoDate): ServiceDateProblem | undefined {
  if (end < start) return { field: 'endDate', message: 'End date must be on or after the start date' };
  if (daysBetween(start, end) > MAX_SERVICE_DAYS) return { field: 'endDate', message: 'End date must be within a year of the start date' };
  const name = `${member.firstName} ${member.lastName}`;
  const span = eligibilityOn(member.eligibility, start);
  if (!span) {
    const spans = member.eligibility.map((s) => `${formatDate(s.startDate)} to ${formatDate(s.endDate)}`).join(', ');
    return { field: 'startDate', message: `${name} is not eligible on ${formatDate(start)}: the start date must be inside their eligibility (${spans})` };
  }
  if (end > span.endDate) return { field: 'endDate', message: `${name} is eligible until ${formatDate(span.endDate)}: the end date must be on or before that date` };
  return undefined;
}
