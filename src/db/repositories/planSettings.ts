import type { Db } from '../database';
import { planRulesFrom, type PlanRules } from '../../domain/planSettings';

/** The plan's settings (plan_settings, one row per setting): everything that needs one reads it here. */
export async function readPlanSettings(db: Db): Promise<PlanRules> {
  const rows = await db('plan_settings').select('key', 'value');
  return planRulesFrom(Object.fromEntries(rows.map((r) => [r.key as string, r.value as string])));
}

/** Stores every setting at once, in one transaction (an upsert per row, on SQLite and PostgreSQL alike). */
export async function savePlanSettings(db: Db, rules: PlanRules, userId: number, at: Date): Promise<void> {
  const rows = Object.entries(rules).map(([key, value]) => ({ key, value: String(value), updated_by: userId, updated_at: at.toISOString() }));
  await db.transaction(async (trx) => {
    for (const row of rows) await trx('plan_settings').insert(row).onConflict('key').merge();
  });
}
