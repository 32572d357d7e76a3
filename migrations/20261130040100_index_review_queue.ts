import type { Knex } from 'knex';

/**
 * The review queue with 100,000 requests (issue 12; `npm run bench:queue` measures it): the lines
 * waiting for the plan are found by their status (not by reading every request's lines), and the
 * waiting requests are read in due-time order from an index, so the first page stops after 25.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('request_lines', (t) => {
    t.index(['status', 'request_id'], 'request_lines_status_request_id_index');
  });
  await knex.schema.alterTable('auth_requests', (t) => {
    t.index(['due_at', 'id'], 'auth_requests_due_at_id_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('auth_requests', (t) => {
    t.dropIndex(['due_at', 'id'], 'auth_requests_due_at_id_index');
  });
  await knex.schema.alterTable('request_lines', (t) => {
    t.dropIndex(['status', 'request_id'], 'request_lines_status_request_id_index');
  });
}
