import type { Knex } from 'knex';

/**
 * Notifications (issue 12). A notice tells an organization that one of its requests has news (a
 * decision, a request for information); each user's reading of it is a row of its own, so "read" is per
 * user. The outbox is the e-mail queue: one row per message, written in the same transaction as the
 * notice, sent by a worker in each portal process (a compare-and-set on `attempts` claims a message, so
 * two processes never send one twice), retried with back-off, or kept when no mail server is set.
 * Schema builder only, so the same migration runs on PostgreSQL.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notices', (t) => {
    t.increments('id');
    t.integer('organization_id').notNullable().references('organizations.id');
    t.integer('request_id').notNullable().references('auth_requests.id').onDelete('CASCADE');
    t.string('kind').notNullable(); // decision | information-requested | ...
    t.string('created_at').notNullable();
    t.index(['organization_id', 'id']);
  });
  await knex.schema.createTable('notice_reads', (t) => {
    t.integer('notice_id').notNullable().references('notices.id').onDelete('CASCADE');
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.string('read_at').notNullable();
    t.primary(['notice_id', 'user_id']);
  });
  await knex.schema.createTable('outbox', (t) => {
    t.increments('id');
    // Whose message it is: the organization's administrators read their own, the plan's all of them.
    t.integer('organization_id').notNullable().references('organizations.id');
    t.integer('notice_id').references('notices.id').onDelete('SET NULL');
    t.string('reference_number', 9).notNullable();
    t.string('to_address').notNullable();
    t.string('subject').notNullable();
    t.string('status').notNullable().defaultTo('queued'); // queued | sending | sent | kept | failed
    t.integer('attempts').notNullable().defaultTo(0);
    // When the worker may take it next: due when queued, the end of a claim's lease while sending.
    t.string('next_attempt_at').notNullable();
    t.text('last_error');
    t.string('created_at').notNullable();
    t.string('sent_at');
    t.index(['status', 'next_attempt_at']);
    t.index(['organization_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('outbox');
  await knex.schema.dropTableIfExists('notice_reads');
  await knex.schema.dropTableIfExists('notices');
}
