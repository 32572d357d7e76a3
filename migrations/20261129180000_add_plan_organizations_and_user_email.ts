import type { Knex } from 'knex';

/**
 * The plan is an organization of its own kind (issue 12): provider offices have an NPI, the plan needs
 * none, so the NPI may be empty (still unique where present). Users get an optional e-mail address.
 * Schema builder only, so the same migration runs on PostgreSQL. On SQLite, knex changes a column's
 * nullability by copying the table, which needs foreign keys off, so this one runs outside a transaction
 * (knex then switches them off for the copy).
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('organizations', (t) => {
    t.string('kind').notNullable().defaultTo('provider'); // provider | plan
  });
  await knex.schema.alterTable('organizations', (t) => {
    t.setNullable('npi');
  });
  await knex.schema.alterTable('users', (t) => {
    t.string('email');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('email');
  });
  // A plan has no NPI: it cannot stay once NPIs are required again.
  const plans = await knex('organizations').where({ kind: 'plan' }).pluck('id');
  if (plans.length > 0) {
    const planUsers = knex('users').whereIn('organization_id', plans).select('id');
    // The audit log is never changed: a plan whose staff have entries cannot be taken away.
    const audited = await knex('audit_log').whereIn('user_id', planUsers).first('id');
    if (audited) throw new Error('The plan organizations cannot be removed: their staff have audit log entries, which are kept');
    await knex('status_history').whereIn('changed_by', planUsers).update({ changed_by: null });
    await knex('journeys').whereIn('user_id', planUsers).delete();
    await knex('users').whereIn('organization_id', plans).delete();
    await knex('organizations').whereIn('id', plans).delete();
  }
  await knex.schema.alterTable('organizations', (t) => {
    t.dropNullable('npi');
  });
  await knex.schema.alterTable('organizations', (t) => {
    t.dropColumn('kind');
  });
}
