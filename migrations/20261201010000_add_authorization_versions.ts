import type { Knex } from 'knex';

/**
 * Versions of an authorization (issue 14, "Update or extend"): an update is a new auth_requests row
 * with the same authorization number and the next version, its own reference number, a link to the
 * version it replaced, and the changes it made (JSON, in the office's words). The version replaced
 * names its successor (superseded_by), so the plan's queue, the Status lists and the duplicate check
 * read current versions only. The authorization number is unique per version, no longer per row.
 * Schema builder only (PostgreSQL too); no table copy on SQLite (columns added, indexes swapped).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('auth_requests', (t) => {
    t.integer('version').notNullable().defaultTo(1);
    // auth_requests.id, without a REFERENCES clause, which SQLite's DROP COLUMN (down) refuses.
    t.integer('previous_request_id');
    t.integer('superseded_by');
    t.text('version_changes');
  });
  await knex.schema.alterTable('auth_requests', (t) => {
    t.dropUnique(['authorization_number']);
    t.unique(['authorization_number', 'version']);
  });
}

export async function down(knex: Knex): Promise<void> {
  if (await knex('auth_requests').where('version', '>', 1).first('id')) throw new Error('Authorizations with more than one version cannot keep one row per authorization number: this migration cannot be undone');
  await knex.schema.alterTable('auth_requests', (t) => {
    t.dropUnique(['authorization_number', 'version']);
    t.unique(['authorization_number']);
  });
  await knex.schema.alterTable('auth_requests', (t) => {
    for (const c of ['version_changes', 'superseded_by', 'previous_request_id', 'version']) t.dropColumn(c);
  });
}
