import { requestStatusFrom } from './lineDecisions';
import { yearOf, type IsoDate } from './dates';

/**
 * Coverage rules decide, per procedure line, whether the plan needs to authorize it. They are data,
 * loaded from a versioned rules file; this module only interprets them. Rules are tried in the file's
 * order and the first that matches applies; a code no rule matches is pended for review, never
 * silently approved.
 */
export type CareSetting = 'inpatient' | 'outpatient';
export type Requirement = 'none' | 'questionnaire' | 'review' | 'not-covered';

export interface CoverageRule {
  id: string;
  description: string;
  /** Codes or inclusive ranges of same-length codes ("80320-80377"); absent means every code. */
  codes?: string[];
  careSetting?: CareSetting;
  /** Category ids; absent means every category. */
  categories?: string[];
  requirement: Requirement;
  questionnaire?: string;
  /** Without authorization up to this many units per member per calendar year; past that, pended. */
  unitLimit?: { units: number; per: 'calendar-year' };
}

export interface ServiceContext {
  careSetting: CareSetting;
  categoryId: string;
}

export function codeMatches(pattern: string, code: string): boolean {
  const [from, to] = pattern.split('-');
  if (to === undefined || from === undefined) return pattern === code;
  return code.length === from.length && from <= code && code <= to;
}

export function ruleFor(rules: readonly CoverageRule[], code: string, context: ServiceContext): CoverageRule | undefined {
  return rules.find(
    (rule) =>
      (rule.careSetting === undefined || rule.careSetting === context.careSetting) &&
      (rule.categories === undefined || rule.categories.includes(context.categoryId)) &&
      (rule.codes === undefined || rule.codes.some((p) => codeMatches(p, code))),
  );
}

/**
 * The categories a code's coverage rule is filed under, when the request is filed under another: a
 * "Drug testing" request with 72148 (an MRI, whose rule is under "Advanced imaging"). Empty when a
 * rule applies in the chosen category, or when no rule names categories for the code.
 */
export function categoriesElsewhere(rules: readonly CoverageRule[], code: string, context: ServiceContext): string[] {
  if (ruleFor(rules, code, context)) return [];
  const elsewhere = rules.filter(
    (rule) =>
      rule.categories !== undefined &&
      (rule.careSetting === undefined || rule.careSetting === context.careSetting) &&
      rule.codes !== undefined &&
      rule.codes.some((p) => codeMatches(p, code)),
  );
  return [...new Set(elsewhere.flatMap((rule) => rule.categories ?? []))];
}

/**
 * Clinical answers that no longer count after the category or care setting changed: those given to
 * a questionnaire other than the one the code's rule now asks for. Returns the codes whose answers go.
 */
export function staleClinicalAnswers(rules: readonly CoverageRule[], answered: Record<string, { questionnaireId: string }>, context: ServiceContext): string[] {
  return Object.entries(answered)
    .filter(([code, answers]) => ruleFor(rules, code, context)?.questionnaire !== answers.questionnaireId)
    .map(([code]) => code);
}

export type LineStatus = 'Approved' | 'Pended' | 'No authorization required';

export type LineOutcome =
  | { kind: 'not-required' }
  | { kind: 'needs-documentation'; questionnaireId: string }
  | { kind: 'criteria-met'; questionnaireId: string }
  | { kind: 'criteria-not-met'; questionnaireId: string }
  | { kind: 'review'; reason: 'rule' | 'no-rule' }
  | { kind: 'beyond-limit'; limit: number; used: number; year: number }
  | { kind: 'not-covered' };

export interface LineInput {
  code: string;
  units: number;
  fromDate: IsoDate;
}

export interface LineAssessment {
  rule: CoverageRule | undefined;
  outcome: LineOutcome;
  /** The words shown under the line on the review page. */
  disclaimer: string;
  /** What the line becomes when the request is submitted; undefined while it cannot be submitted. */
  statusAtSubmit: LineStatus | undefined;
}

export interface AssessmentInputs {
  rules: readonly CoverageRule[];
  context: ServiceContext;
  /** Units of this code already requested for the member in that calendar year, by earlier requests. */
  unitsUsed: (code: string, year: number) => number;
  /** Whether that questionnaire, answered for the code, met the criteria; undefined when not answered yet. */
  criteriaMetFor: (code: string, questionnaireId: string) => boolean | undefined;
}

export const DISCLAIMERS = {
  reviewRequired: "REVIEW REQUIRED: This request requires review. Select the 'Document Clinical' button to continue.",
  notRequired: 'No authorization required',
  criteriaMet: 'Criteria met for this request. This line will be approved when you submit the request.',
  criteriaNotMet: 'Criteria not met: this line will be pended for clinical review',
  clinicalReview: 'Clinical review required: this line will be pended for review by the plan when you submit the request.',
  noRule: 'This code has no coverage rule: this line will be pended for review by the plan when you submit the request.',
  notCovered: 'Not a covered benefit: remove this line to submit the request.',
} as const;

export function assessLine(line: LineInput, inputs: AssessmentInputs): LineAssessment {
  const rule = ruleFor(inputs.rules, line.code, inputs.context);
  if (!rule) {
    return { rule, outcome: { kind: 'review', reason: 'no-rule' }, disclaimer: DISCLAIMERS.noRule, statusAtSubmit: 'Pended' };
  }
  switch (rule.requirement) {
    case 'not-covered':
      return { rule, outcome: { kind: 'not-covered' }, disclaimer: DISCLAIMERS.notCovered, statusAtSubmit: undefined };
    case 'review':
      return { rule, outcome: { kind: 'review', reason: 'rule' }, disclaimer: DISCLAIMERS.clinicalReview, statusAtSubmit: 'Pended' };
    case 'questionnaire': {
      const questionnaireId = rule.questionnaire ?? '';
      const met = inputs.criteriaMetFor(line.code, questionnaireId);
      if (met === undefined) {
        return { rule, outcome: { kind: 'needs-documentation', questionnaireId }, disclaimer: DISCLAIMERS.reviewRequired, statusAtSubmit: undefined };
      }
      return met
        ? { rule, outcome: { kind: 'criteria-met', questionnaireId }, disclaimer: DISCLAIMERS.criteriaMet, statusAtSubmit: 'Approved' }
        : { rule, outcome: { kind: 'criteria-not-met', questionnaireId }, disclaimer: DISCLAIMERS.criteriaNotMet, statusAtSubmit: 'Pended' };
    }
    case 'none': {
      if (rule.unitLimit) {
        const year = yearOf(line.fromDate);
        const used = inputs.unitsUsed(line.code, year);
        if (used + line.units > rule.unitLimit.units) {
          const limit = rule.unitLimit.units;
          return {
            rule,
            outcome: { kind: 'beyond-limit', limit, used, year },
            disclaimer: `Beyond benefit limits: ${used} of ${limit} units a year were already requested for ${year}, and this line asks for ${line.units} more. It will be pended for review.`,
            statusAtSubmit: 'Pended',
          };
        }
      }
      return { rule, outcome: { kind: 'not-required' }, disclaimer: DISCLAIMERS.notRequired, statusAtSubmit: 'No authorization required' };
    }
  }
}

export const BEYOND_BENEFIT_LIMITS = 'Beyond Benefit Limits';

/** The request type shown on the review page: the category's name, unless a line is past its benefit limit. */
export function requestType(categoryName: string, assessments: readonly LineAssessment[]): string {
  return assessments.some((a) => a.outcome.kind === 'beyond-limit') ? BEYOND_BENEFIT_LIMITS : categoryName;
}

/** The request's own status once submitted: pended if any line waits for review. */
export function requestStatus(lineStatuses: readonly LineStatus[]): LineStatus {
  // The same rule as a request with decisions: requestStatusFrom, applied to the statuses at submit
  // (statuses at submit are never Cancelled, so no lines at all means nothing needs authorizing).
  return lineStatuses.length === 0 ? 'No authorization required' : (requestStatusFrom(lineStatuses) as LineStatus);
}

/** Why a request cannot be submitted yet, line by line; empty when it can. */
export function submitBlockers(lines: readonly { code: string; assessment: LineAssessment }[]): string[] {
  return lines.flatMap(({ code, assessment }) => {
    if (assessment.outcome.kind === 'needs-documentation') return [`Document the clinical information for ${code} before you submit the request`];
    if (assessment.outcome.kind === 'not-covered') return [`${code} is not a covered benefit: remove it before you submit the request`];
    return [];
  });
}
