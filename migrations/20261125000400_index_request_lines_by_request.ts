import type { Knex } from 'knex';

// Units already requested for a member are summed from the member's requests to their lines; this index
// lets SQLite go from a request to its lines of one code without reading every line of that code.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('request_lines', (t) => {
    t.index(['request_id', 'code'], 'request_lines_request_id_code_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('request_lines', (t) => {
    t.dropIndex(['request_id', 'code'], 'request_lines_request_id_code_index');
  });
}
