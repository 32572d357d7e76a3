import type { Db } from '../database';
import type { CareSetting, CoverageRule } from '../../domain/coverage';
import type { Questionnaire } from '../../domain/questionnaire';

export interface ServiceCategory {
  id: string;
  careSetting: CareSetting;
  name: string;
}

export interface RuleSet {
  version: string;
  effectiveDate: string;
  categories: ServiceCategory[];
  questionnaires: Questionnaire[];
  rules: CoverageRule[];
}

/** Replaces the rules, categories and questionnaires with those of a rules file, in one transaction. */
export async function replaceRuleSet(db: Db, ruleSet: RuleSet): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('coverage_rules').del();
    await trx('questionnaires').del();
    for (const [position, c] of ruleSet.categories.entries()) {
      await trx('service_categories')
        .insert({ id: c.id, care_setting: c.careSetting, name: c.name, position })
        .onConflict('id')
        .merge();
    }
    for (const q of ruleSet.questionnaires) {
      await trx('questionnaires').insert({ id: q.id, title: q.title, definition: JSON.stringify(q) });
    }
    for (const [position, rule] of ruleSet.rules.entries()) {
      await trx('coverage_rules').insert({ id: rule.id, position, definition: JSON.stringify(rule) });
    }
    await trx('rule_sets')
      .insert({ version: ruleSet.version, effective_date: ruleSet.effectiveDate, loaded_at: new Date().toISOString() })
      .onConflict('version')
      .merge();
  });
}

export async function listCategories(db: Db): Promise<ServiceCategory[]> {
  const rows = await db('service_categories').orderBy('position');
  return rows.map((r) => ({ id: r.id, careSetting: r.care_setting, name: r.name }));
}

export async function listCoverageRules(db: Db): Promise<CoverageRule[]> {
  const rows = await db('coverage_rules').orderBy('position');
  return rows.map((r) => JSON.parse(r.definition) as CoverageRule);
}

export async function findQuestionnaire(db: Db, id: string): Promise<Questionnaire | undefined> {
  const row = await db('questionnaires').where({ id }).first();
  return row ? (JSON.parse(row.definition) as Questionnaire) : undefined;
}
