import { importTransaction } from './importLock';
import type { Db } from '../database';
import { cached, forgetCached } from './cacheGenerations';
import type { CoverageRule } from '../../domain/coverage';
import type { Questionnaire } from '../../domain/questionnaire';
import type { RuleSet, ServiceCategory } from '../../domain/ruleSet';

export type { RuleSet, ServiceCategory };

/** Replaces the rules, categories and questionnaires with those of a rules file, in one transaction. */
export async function replaceRuleSet(db: Db, ruleSet: RuleSet): Promise<void> {
  await importTransaction(db, async (trx) => {
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
  forgetCached(db, 'reference');
}

// The rules, categories and questionnaires below are kept in memory between requests until a rules
// file is loaded, in this process or another (cacheGenerations.ts).

export async function listCategories(db: Db): Promise<ServiceCategory[]> {
  return cached(db, 'reference', 'categories', async () => {
    const rows = await db('service_categories').orderBy('position');
    return rows.map((r) => ({ id: r.id, careSetting: r.care_setting, name: r.name }));
  });
}

export async function listCoverageRules(db: Db): Promise<CoverageRule[]> {
  return cached(db, 'reference', 'rules', async () => {
    const rows = await db('coverage_rules').orderBy('position');
    return rows.map((r) => JSON.parse(r.definition) as CoverageRule);
  });
}

export async function findQuestionnaire(db: Db, id: string): Promise<Questionnaire | undefined> {
  return cached(db, 'reference', `questionnaire:${id}`, async () => {
    const row = await db('questionnaires').where({ id }).first();
    return row ? (JSON.parse(row.definition) as Questionnaire) : undefined;
  });
}

/** Each questionnaire's id and title, for naming them beside the rules that use them. */
export async function listQuestionnaireTitles(db: Db): Promise<ReadonlyMap<string, string>> {
  return cached(db, 'reference', 'questionnaire titles', async () => {
    const rows = await db('questionnaires').select('id', 'title');
    return new Map(rows.map((r) => [r.id as string, r.title as string]));
  });
}

export async function currentRuleSetVersion(db: Db): Promise<{ version: string; effectiveDate: string } | undefined> {
  return cached(db, 'reference', 'rule set version', async () => {
    const row = await db('rule_sets').orderBy('loaded_at', 'desc').first();
    return row ? { version: row.version, effectiveDate: row.effective_date } : undefined;
  });
}
