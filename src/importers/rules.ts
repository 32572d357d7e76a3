import type { Db } from '../db/database';
import { replaceRuleSet } from '../db/repositories/coverageRules';
import { formatDate } from '../domain/dates';
import { parseRuleSet, RuleSetError } from '../domain/ruleSet';
import { ImportError, readCodeFile, type ImportOptions, type ImportResult } from './release';

/**
 * A rules file (coverage rules, categories, questionnaires) replaces the rules in force, in one
 * transaction, after the whole file has been checked. The file names its own version and date.
 */
export async function importRules(db: Db, options: ImportOptions): Promise<ImportResult> {
  if (options.version !== undefined || options.effective !== undefined) {
    throw new ImportError('A rules file names its own version and effectiveDate: leave out --version and --effective');
  }
  let data: unknown;
  try {
    data = JSON.parse(readCodeFile(options.file));
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(`${options.file} is not JSON: ${(err as Error).message}`);
  }
  let ruleSet;
  try {
    ruleSet = parseRuleSet(data);
  } catch (err) {
    if (err instanceof RuleSetError) throw new ImportError(err.message);
    throw err;
  }
  await replaceRuleSet(db, ruleSet);
  const counts = { rows: ruleSet.rules.length, added: ruleSet.rules.length, changed: 0, ended: 0, reopened: 0 };
  return {
    counts,
    summary: `Rules ${ruleSet.version} (in force from ${formatDate(ruleSet.effectiveDate)}): ${ruleSet.rules.length} rules, ${ruleSet.categories.length} categories and ${ruleSet.questionnaires.length} questionnaires now in force.`,
  };
}
