import type { Knex } from 'knex';

/**
 * Who decided and who attested. A line's status set at submit by the coverage rules is recorded as
 * theirs, with the version and the date the rules came into force, not as the office user's (who only
 * submitted). Questionnaire answers record the user who attested them; authored_at already says when.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('status_history', (t) => {
    t.string('rules_version'); // set when the coverage rules decided this status
    t.string('rules_in_force_from', 10);
  });
  await knex.schema.alterTable('questionnaire_responses', (t) => {
    // users.id; without a REFERENCES clause, which SQLite's ALTER TABLE DROP COLUMN (down) refuses.
    t.integer('attested_by');
  });
  // Answers stored before this column were attested by the user who submitted the request.
  await knex.raw(`UPDATE questionnaire_responses SET attested_by = (
    SELECT r.submitted_by FROM request_lines l JOIN auth_requests r ON r.id = l.request_id WHERE l.id = questionnaire_responses.request_line_id)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE questionnaire_responses DROP COLUMN attested_by');
  await knex.raw('ALTER TABLE status_history DROP COLUMN rules_in_force_from');
  await knex.raw('ALTER TABLE status_history DROP COLUMN rules_version');
}
