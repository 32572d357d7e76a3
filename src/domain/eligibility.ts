import type { IsoDate } from './dates';

export interface EligibilitySpan {
  planName: string;
  startDate: IsoDate;
  endDate: IsoDate;
}

/** The span that covers the date, if any: a member is eligible on a date inside one of their spans. */
export function eligibilityOn(spans: readonly EligibilitySpan[], date: IsoDate): EligibilitySpan | undefined {
  return spans.find((s) => s.startDate <= date && date <= s.endDate);
}

/** True when every day from start to end is covered by one span (requests do not straddle spans). */
export function eligibleThroughout(spans: readonly EligibilitySpan[], start: IsoDate, end: IsoDate): boolean {
  return spans.some((s) => s.startDate <= start && end <= s.endDate);
}
