import type { Knex } from 'knex';

/**
 * The outbox carries more than notices (issue 13): a set-password link for a new user or a forgotten
 * password goes the same way (SMTP, or kept in the outbox when no mail server is set). Such a message
 * has no request, so its reference number may be empty, and its text is written when it is queued
 * (`body`) instead of from the reference when it is sent; `kind` says which. A link's text is removed
 * once sent (the token is a password until used; only its hash is kept elsewhere).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.string('kind').notNullable().defaultTo('notice'); // notice | set-password
    t.text('body');
  });
  await knex.schema.alterTable('outbox', (t) => {
    t.string('reference_number', 9).nullable().alter();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex('outbox').whereNot({ kind: 'notice' }).delete();
  await knex.schema.alterTable('outbox', (t) => {
    t.string('reference_number', 9).notNullable().alter();
  });
  await knex.schema.alterTable('outbox', (t) => {
    t.dropColumn('body');
    t.dropColumn('kind');
  });
}
