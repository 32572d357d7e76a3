import type { Db } from '../db/database';
import { replaceRuleSet } from '../db/repositories/coverageRules';
import { formatDate } from '../domain/dates';
import { parseRuleSet, RuleSetError } from '../domain/ruleSet';
import { readDataFile, type ImportOptions, type ImportResult } from './release';

/**
 * A rules file (coverage rules, categories, questionnaires) replaces the rules in force, in one
 * transaction, after the whole file has been checked. The file names its own version and date.
 */
export async function importRules(db: Db, options: ImportOptions): Promise<ImportResult> {
  const ruleSet = readDataFile(options, 'A rules file names its own version and effectiveDate', parseRuleSet, RuleSetError);
  await replaceRuleSet(db, ruleSet);
  const counts = { rows: ruleSet.rules.length, added: ruleSet.rules.length, changed: 0, ended: 0, reopened: 0 };
  return {
    counts,
    summary: `Rules ${ruleSet.version} (in force from ${formatDate(ruleSet.effectiveDate)}): ${ruleSet.rules.length} rules, ${ruleSet.categories.length} categories and ${ruleSet.questionnaires.length} questionnaires now in force.`,
  };
}
