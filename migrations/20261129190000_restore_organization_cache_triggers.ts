import type { Knex } from 'knex';

/**
 * On SQLite, 20261129180000 rebuilt the organizations table (to let a plan have no NPI), and a rebuilt
 * table loses its triggers: the ones of 20261129170000 that tell every process a user's organization
 * changed. They are put back here; on PostgreSQL the table was altered in place and kept them.
 */
export async function up(knex: Knex): Promise<void> {
  if (knex.client.dialect === 'postgresql') return;
  for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
    await knex.raw(`CREATE TRIGGER IF NOT EXISTS organizations_${event.toLowerCase()}_bumps_generation AFTER ${event} ON organizations BEGIN UPDATE cache_generations SET users = users + 1 WHERE id = 1; END`);
  }
}

export async function down(): Promise<void> {
  // The triggers belong to 20261129170000, whose down removes them.
}
