import type { Knex } from 'knex';

/**
 * A line left unchanged by an update (issue 14) keeps its decision in the new version as a copy of
 * the latest one; that decision's letter stays the version's that recorded it. `carried_from_id`
 * names the decision first recorded (line_decisions.id, without a REFERENCES clause so that SQLite's
 * DROP COLUMN can take it down again). Copies made before this column are found again: a decision on
 * a later version dated before that version was submitted is a copy of the same decision on the same
 * line of the version it replaced. Schema builder and plain queries only (PostgreSQL too).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('line_decisions', (t) => {
    t.integer('carried_from_id');
  });
  const copies = await knex('line_decisions as d')
    .join('request_lines as l', 'l.id', 'd.request_line_id')
    .join('auth_requests as r', 'r.id', 'd.request_id')
    .whereNotNull('r.previous_request_id')
    .whereRaw('d.decided_at < r.submitted_at')
    .orderBy('r.version').orderBy('d.id')
    .select('d.id', 'd.outcome', 'd.decided_at', 'd.decided_by_role', 'l.line_number', 'r.previous_request_id');
  for (const c of copies) {
    const original = await knex('line_decisions as d')
      .join('request_lines as l', 'l.id', 'd.request_line_id')
      .where({ 'd.request_id': c.previous_request_id, 'l.line_number': c.line_number, 'd.outcome': c.outcome, 'd.decided_at': c.decided_at, 'd.decided_by_role': c.decided_by_role })
      .orderBy('d.id', 'desc')
      .first('d.id', 'd.carried_from_id');
    if (original) await knex('line_decisions').where({ id: c.id }).update({ carried_from_id: original.carried_from_id ?? original.id });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('line_decisions', (t) => {
    t.dropColumn('carried_from_id');
  });
}
