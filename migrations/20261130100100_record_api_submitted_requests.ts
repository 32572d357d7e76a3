import type { Knex } from 'knex';

/**
 * A request that arrives through the Prior Authorization API (issue 15) is submitted by an API client
 * of the organization, not a user: `api_client_id` names it and `submitted_by` stays empty. Schema
 * builder only, so the same migration runs on PostgreSQL. On SQLite, knex changes a column's
 * nullability by copying the table, which needs foreign keys off, so this one runs outside a
 * transaction (as 20261129180000 does). auth_requests has no triggers to lose in the copy.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('auth_requests', (t) => {
    t.integer('api_client_id').references('api_clients.id');
  });
  await knex.schema.alterTable('auth_requests', (t) => {
    t.setNullable('submitted_by');
  });
}

export async function down(knex: Knex): Promise<void> {
  if (await knex('auth_requests').whereNotNull('api_client_id').first('id')) throw new Error('Requests submitted through the API cannot be kept without a submitting user: this migration cannot be undone');
  await knex.schema.alterTable('auth_requests', (t) => {
    t.dropNullable('submitted_by');
  });
  await knex.schema.alterTable('auth_requests', (t) => {
    t.dropColumn('api_client_id');
  });
}
