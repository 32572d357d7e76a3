import type { Knex } from 'knex';

/**
 * The review queue with 100,000 requests (issue 12; `npm run bench:queue` measures it): the lines
 * waiting for the plan are found by their status and request, rather than by reading each request's
 * lines. (The requests themselves are narrowed by the index on status and due time that the review
 * desk's migration made.)
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('request_lines', (t) => {
    t.index(['status', 'request_id'], 'request_lines_status_request_id_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('request_lines', (t) => {
    t.dropIndex(['status', 'request_id'], 'request_lines_status_request_id_index');
  });
}
