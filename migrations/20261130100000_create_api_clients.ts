import type { Knex } from 'knex';

/**
 * The Prior Authorization API's callers (issue 15, SMART Backend Services): an organization's API
 * clients with their public key sets kept inline (the portal fetches nothing), the assertion ids
 * already used (a `jti` is accepted once; rows go once the assertion has expired), and the short-lived
 * access tokens issued, kept only as their SHA-256 hash.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_clients', (t) => {
    t.increments('id');
    t.integer('organization_id').notNullable().references('organizations.id');
    t.string('name').notNullable();
    t.string('client_id').notNullable().unique();
    t.text('jwks').notNullable();
    t.integer('created_by').notNullable().references('users.id');
    t.string('created_at').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.string('deactivated_at');
    t.index(['organization_id']);
  });
  await knex.schema.createTable('api_assertion_ids', (t) => {
    t.integer('api_client_id').notNullable().references('api_clients.id');
    t.string('jti', 255).notNullable();
    t.string('expires_at').notNullable();
    t.primary(['api_client_id', 'jti']);
    t.index(['expires_at']);
  });
  await knex.schema.createTable('api_access_tokens', (t) => {
    t.string('token_hash', 64).primary();
    t.integer('api_client_id').notNullable().references('api_clients.id');
    t.string('scopes').notNullable();
    t.string('expires_at').notNullable();
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('api_access_tokens');
  await knex.schema.dropTable('api_assertion_ids');
  await knex.schema.dropTable('api_clients');
}
