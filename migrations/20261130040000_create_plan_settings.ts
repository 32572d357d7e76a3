import type { Knex } from 'knex';

/**
 * The plan's own settings (issue 12), kept by the plan administrator on /plan/settings: how partial
 * approvals count in the public metrics and the reconsideration window. One row per setting (key and
 * value as text), so a later setting is a new row, not a new column. Who changed it last and when is
 * kept beside it; the audit log has the whole story. Schema builder only (PostgreSQL too).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('plan_settings', (t) => {
    t.string('key').primary();
    t.text('value').notNullable();
    t.integer('updated_by');
    t.string('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('plan_settings');
}
