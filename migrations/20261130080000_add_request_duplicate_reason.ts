import type { Knex } from 'knex';

/**
 * The duplicate warning (issue 14): when the office continues past it, the request keeps why a second
 * request was needed, for the plan's reviewer. Schema builder only, so the same migration runs on PostgreSQL.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('auth_requests', (t) => {
    t.text('duplicate_reason');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('auth_requests', (t) => {
    t.dropColumn('duplicate_reason');
  });
}
