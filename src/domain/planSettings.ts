import { RECONSIDERATION_DAYS } from './lineDecisions';
import type { PartialApprovals } from './priorAuthMetrics';

/**
 * The settings the plan administrator keeps (issue 12): how a partial approval counts in the public
 * figures (CMS-0057-F leaves it to the plan, so the metrics page states it), and how many days after a
 * decision the office may ask for reconsideration.
 */
export interface PlanRules {
  partialApprovals: PartialApprovals;
  reconsiderationDays: number;
}

export const DEFAULT_PLAN_RULES: PlanRules = { partialApprovals: 'as-approved', reconsiderationDays: RECONSIDERATION_DAYS };

export const RECONSIDERATION_DAYS_MIN = 1;
export const RECONSIDERATION_DAYS_MAX = 365;

/** The words the settings and metrics pages use for how partial approvals count. */
export const PARTIAL_APPROVALS_WORDS: Readonly<Record<PartialApprovals, string>> = {
  'as-approved': 'as approved',
  'as-denied': 'as denied',
};

const isPartialApprovals = (value: string): value is PartialApprovals => value === 'as-approved' || value === 'as-denied';

/** The settings from their stored text (key and value); a missing or unreadable value is its default. */
export function planRulesFrom(stored: Readonly<Record<string, string>>): PlanRules {
  const partial = stored.partialApprovals ?? '';
  const days = Number(stored.reconsiderationDays);
  return {
    partialApprovals: isPartialApprovals(partial) ? partial : DEFAULT_PLAN_RULES.partialApprovals,
    reconsiderationDays: Number.isInteger(days) && days >= RECONSIDERATION_DAYS_MIN && days <= RECONSIDERATION_DAYS_MAX ? days : DEFAULT_PLAN_RULES.reconsiderationDays,
  };
}

export interface PlanRulesProblem {
  field: 'partialApprovals' | 'reconsiderationDays';
  message: string;
}

/** The settings as typed on the page: the values, or what is wrong with them. */
export function parsePlanRules(typed: { partialApprovals: string; reconsiderationDays: string }): { rules: PlanRules; problems: PlanRulesProblem[] } {
  const problems: PlanRulesProblem[] = [];
  if (!isPartialApprovals(typed.partialApprovals)) problems.push({ field: 'partialApprovals', message: 'Select how partial approvals count in the metrics' });
  const text = typed.reconsiderationDays.trim();
  const days = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
  if (text === '') problems.push({ field: 'reconsiderationDays', message: 'Enter the reconsideration window in days' });
  else if (!Number.isInteger(days)) problems.push({ field: 'reconsiderationDays', message: 'Enter the reconsideration window as a whole number of days, like 60' });
  else if (days < RECONSIDERATION_DAYS_MIN || days > RECONSIDERATION_DAYS_MAX) problems.push({ field: 'reconsiderationDays', message: `The reconsideration window must be between ${RECONSIDERATION_DAYS_MIN} and ${RECONSIDERATION_DAYS_MAX} days` });
  return {
    rules: { partialApprovals: isPartialApprovals(typed.partialApprovals) ? typed.partialApprovals : DEFAULT_PLAN_RULES.partialApprovals, reconsiderationDays: Number.isInteger(days) ? days : DEFAULT_PLAN_RULES.reconsiderationDays },
    problems,
  };
}

/** The change in a few words, for the audit log. */
export function describePlanRules(rules: PlanRules): string {
  return `partial approvals count ${PARTIAL_APPROVALS_WORDS[rules.partialApprovals]}; reconsideration within ${rules.reconsiderationDays} days`;
}
