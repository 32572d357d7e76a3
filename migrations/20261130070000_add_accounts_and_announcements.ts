import type { Knex } from 'knex';

/**
 * The portal around the requests (issue 13): a user's phone, their choice about e-mails on decisions
 * (read by the mail path), whether they are active; one-time set-password links (stored as a SHA-256 of
 * the token, never the token); requests for a forgotten-password link (limited like sign-in); and the
 * plan's announcements. Adding columns needs no table copy on SQLite, so this runs in a transaction.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.string('phone');
    t.boolean('email_on_decisions').notNullable().defaultTo(true);
    t.string('deactivated_at');
  });
  await knex.schema.createTable('set_password_tokens', (t) => {
    t.increments('id');
    t.integer('user_id').notNullable().references('users.id');
    t.string('token_hash', 64).notNullable().unique();
    t.string('purpose').notNullable(); // invite | reset
    t.string('created_at').notNullable();
    t.string('expires_at').notNullable();
    t.string('used_at');
    t.index(['user_id']);
  });
  await knex.schema.createTable('password_link_requests', (t) => {
    t.increments('id');
    t.string('username').notNullable();
    t.string('client_address').notNullable();
    t.string('requested_at').notNullable();
    t.index(['username', 'requested_at']);
    t.index(['client_address', 'requested_at']);
  });
  await knex.schema.createTable('announcements', (t) => {
    t.increments('id');
    t.integer('organization_id').notNullable().references('organizations.id');
    t.string('kind').notNullable(); // attention | network | anti-fraud
    t.string('title').notNullable();
    t.text('body').notNullable();
    t.string('starts_on', 10).notNullable();
    t.string('ends_on', 10);
    t.string('ended_at');
    t.integer('updated_by').references('users.id');
    t.string('updated_at').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('announcements');
  await knex.schema.dropTable('password_link_requests');
  await knex.schema.dropTable('set_password_tokens');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('deactivated_at');
    t.dropColumn('email_on_decisions');
    t.dropColumn('phone');
  });
}
