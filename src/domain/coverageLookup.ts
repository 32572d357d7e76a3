import { categoriesElsewhere, ruleFor, type CareSetting, type CoverageRule } from './coverage';
import type { ServiceCategory } from './ruleSet';

/**
 * Whether a procedure code needs prior authorization, per care setting, for the Code lookup page: the
 * same rules, read the same way (first match, by setting and category) as a request's lines. When the
 * categories of a setting get different answers, or the rule is for some categories only, each answer
 * names its categories.
 */
export interface AuthorizationNote {
  careSetting: 'Outpatient' | 'Inpatient';
  /** The categories the note is for, when not every category of the setting gets the same answer. */
  categories: string[] | undefined;
  summary: string;
  /** The rule that decides it; undefined when no rule matches. */
  ruleId: string | undefined;
  ruleDescription: string | undefined;
}

const SETTINGS: { id: CareSetting; label: AuthorizationNote['careSetting'] }[] = [
  { id: 'outpatient', label: 'Outpatient' },
  { id: 'inpatient', label: 'Inpatient' },
];

export function authorizationNotes(
  code: string,
  rules: readonly CoverageRule[],
  categories: readonly ServiceCategory[],
  questionnaireTitles: ReadonlyMap<string, string>,
): AuthorizationNote[] {
  return SETTINGS.flatMap(({ id, label }) => {
    const inSetting = categories.filter((c) => c.careSetting === id);
    const byRule = new Map<string, { rule: CoverageRule | undefined; categories: string[] }>();
    for (const category of inSetting.length > 0 ? inSetting : [{ id: '', name: '', careSetting: id }]) {
      const context = { careSetting: id, categoryId: category.id };
      const rule = ruleFor(rules, code, context);
      // A category the code is not filed under is not an answer: a request there is told to change category.
      if (!rule && categoriesElsewhere(rules, code, context).length > 0) continue;
      const key = rule?.id ?? '';
      const group = byRule.get(key) ?? { rule, categories: [] };
      group.categories.push(category.name);
      byRule.set(key, group);
    }
    const split = byRule.size > 1 || [...byRule.values()].some((g) => g.rule?.categories !== undefined);
    return [...byRule.values()].map(({ rule, categories: names }) => ({
      careSetting: label,
      categories: split ? names : undefined,
      summary: requirementSummary(rule, questionnaireTitles),
      ruleId: rule?.id,
      ruleDescription: rule?.description,
    }));
  });
}

export function requirementSummary(rule: CoverageRule | undefined, questionnaireTitles: ReadonlyMap<string, string>): string {
  if (!rule) return 'No coverage rule: a request is pended for clinical review';
  switch (rule.requirement) {
    case 'none':
      return rule.unitLimit
        ? `No authorization required up to ${rule.unitLimit.units} units per member per calendar year; past that, pended for clinical review`
        : 'No authorization required';
    case 'questionnaire':
      return `Authorization required (clinical questionnaire: ${questionnaireTitles.get(rule.questionnaire ?? '') ?? rule.questionnaire ?? 'none named'})`;
    case 'review':
      return 'Clinical review required';
    case 'not-covered':
      return 'Not a covered benefit';
  }
}
