import type { Knex } from 'knex';

/**
 * The Prior Authorization API's memory of what a client sent (issue 15): the Claim's identifiers as sent
 * (an inquiry or a cancellation finds the request by them, and the answers echo them) and each line's
 * item.sequence (echoed as itemSequence whenever the request's state is answered); and the per-client
 * call counts, one row per client and fixed window, that every process counts in (the limit on calls).
 * Schema builder only, so the same migration runs on PostgreSQL; adding a nullable column to
 * request_lines is a plain ALTER TABLE on SQLite (no table copy), and so is dropping it (down).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_claim_identifiers', (t) => {
    t.integer('request_id').notNullable().references('auth_requests.id');
    t.integer('position').notNullable();
    t.string('system', 255);
    t.string('value', 255).notNullable();
    /** The identifier as sent (assigner and extensions too), JSON. */
    t.text('identifier').notNullable();
    t.primary(['request_id', 'position']);
    t.index(['value'], 'api_claim_identifiers_by_value');
  });
  await knex.schema.alterTable('request_lines', (t) => {
    t.integer('item_sequence');
  });
  await knex.schema.createTable('api_call_windows', (t) => {
    t.integer('api_client_id').notNullable().references('api_clients.id');
    t.string('window_start', 32).notNullable();
    t.integer('calls').notNullable();
    t.primary(['api_client_id', 'window_start']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_call_windows');
  // SQL's own DROP COLUMN (SQLite 3.35+, PostgreSQL): knex would copy request_lines on SQLite, and the
  // copy's delete would cascade to the lines' decisions.
  await knex.raw('ALTER TABLE request_lines DROP COLUMN item_sequence');
  await knex.schema.dropTable('api_claim_identifiers');
}
