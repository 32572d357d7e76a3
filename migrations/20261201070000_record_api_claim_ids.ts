import type { Knex } from 'knex';

/**
 * The id of the Claim resource a request came from through the API (issue 15). PAS's update example
 * names the earlier request as `Claim/<the earlier Claim's id>` (Claim.related.claim), the client's own
 * id for it: the request remembers that id so the update finds it. Each version keeps the id of the
 * Claim that made it. Schema builder only, so the same migration runs on PostgreSQL.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('auth_requests', (t) => {
    t.string('api_claim_id', 64);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE auth_requests DROP COLUMN api_claim_id');
}
