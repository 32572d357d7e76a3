import type { Knex } from 'knex';

/**
 * The office and the plan talking about a request (issue 12): the plan's request for information (what
 * is needed and by when), the office's answers and its requests for reconsideration, each with the
 * attachments sent with it. A message posted from a form carries the form's one-time token, unique per
 * request, so a double click or a replayed post records one message (a random token: unique across all).
 *
 * A reconsideration (appeal) of a denied or partially approved line: who asked and when (its receipt
 * starts a new decision clock), the decision it contests and who made it (a different physician decides
 * it), and, once decided, its outcome, for the published figures ("approved after appeal").
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('request_messages', (t) => {
    t.increments('id');
    t.integer('request_id').notNullable().references('auth_requests.id').onDelete('CASCADE');
    t.integer('author_id').notNullable().references('users.id');
    t.string('author_side').notNullable(); // office | plan
    t.string('kind').notNullable(); // information-request | information | reconsideration
    t.text('body').notNullable();
    t.string('respond_by', 10); // a request for information's date, YYYY-MM-DD
    t.string('form_token', 64).unique();
    t.string('created_at').notNullable();
    t.index(['request_id', 'id']);
  });
  await knex.schema.createTable('request_message_attachments', (t) => {
    t.integer('message_id').notNullable().references('request_messages.id').onDelete('CASCADE');
    t.integer('attachment_id').notNullable().references('attachments.id').onDelete('CASCADE');
    t.primary(['message_id', 'attachment_id']);
  });
  await knex.schema.createTable('reconsiderations', (t) => {
    t.increments('id');
    t.integer('request_id').notNullable().references('auth_requests.id').onDelete('CASCADE');
    t.integer('request_line_id').notNullable().references('request_lines.id').onDelete('CASCADE');
    t.integer('message_id').notNullable().references('request_messages.id');
    t.integer('requested_by').notNullable().references('users.id');
    t.string('requested_at').notNullable();
    t.string('due_at').notNullable();
    // line_decisions.id, without a REFERENCES clause: the review desk's migration can still be taken down
    // and up again on SQLite (its table rebuild refuses a reference to a table it drops).
    t.integer('contested_decision_id').notNullable();
    t.string('contested_outcome').notNullable(); // Denied | Partially approved
    t.integer('contested_by').references('users.id'); // empty when the coverage rules decided
    t.string('outcome'); // Approved | Partially approved | Denied, once decided
    t.integer('decision_id'); // line_decisions.id, as above
    t.integer('decided_by').references('users.id');
    t.string('decided_at');
    t.unique(['request_line_id']); // one reconsideration per line
    t.index(['request_id']);
    t.index(['decided_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('reconsiderations');
  await knex.schema.dropTableIfExists('request_message_attachments');
  await knex.schema.dropTableIfExists('request_messages');
}
