import type { Knex } from 'knex';

/**
 * A DocumentReference sent with a PAS request (issue 15) becomes one of the request's attachments,
 * uploaded by the API client that submitted it, not by a user: `api_client_id` names the client and
 * `uploaded_by` stays empty. Schema builder only, so the same migration runs on PostgreSQL. On SQLite,
 * knex changes a column's nullability by copying the table, which needs foreign keys off, so this one
 * runs outside a transaction (as 20261130100100 does). attachments has no triggers to lose in the copy.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('attachments', (t) => {
    t.integer('api_client_id').references('api_clients.id');
  });
  await knex.schema.alterTable('attachments', (t) => {
    t.setNullable('uploaded_by');
  });
}

export async function down(knex: Knex): Promise<void> {
  if (await knex('attachments').whereNotNull('api_client_id').first('id')) throw new Error('Attachments sent through the API cannot be kept without an uploading user: this migration cannot be undone');
  await knex.schema.alterTable('attachments', (t) => {
    t.dropNullable('uploaded_by');
  });
  await knex.schema.alterTable('attachments', (t) => {
    t.dropColumn('api_client_id');
  });
}
