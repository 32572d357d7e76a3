import type { Knex } from 'knex';

/**
 * The plan's review desk (issue 12). A request keeps its priority (expedited or standard, with the
 * office's justification) and when its decision is due (CMS-0057-F: 72 hours or 7 calendar days after
 * it was received), who at the plan has it, and any extension. Decisions on lines are append-only rows
 * (a correction is a new decision); a line's `decision_count` is the compare-and-set that lets only one
 * of two reviewers deciding at once record a decision. The reasons a reviewer picks are data: OpenPA's
 * own plain reasons, each optionally mapped to the X12 code a licensed plan loads (none shipped).
 * Schema builder only (PostgreSQL too); rows are filled in from JavaScript, not SQLite-only SQL.
 */
const HOUR = 3_600_000;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('auth_requests', (t) => {
    t.string('priority').notNullable().defaultTo('standard'); // standard | expedited
    t.text('expedited_reason');
    t.string('due_at');
    t.integer('extension_days');
    t.text('extension_reason');
    // users.id of the reviewer who has it; no REFERENCES clause, which SQLite's DROP COLUMN (down) refuses.
    t.integer('assigned_to');
    t.string('assigned_at');
    t.index(['status', 'due_at']);
  });
  await knex.schema.alterTable('request_lines', (t) => {
    t.integer('decision_count').notNullable().defaultTo(0);
    t.string('certification_number');
  });
  await knex.schema.createTable('decision_reasons', (t) => {
    t.string('code').primary();
    t.text('reason').notNullable();
    t.string('x12_code'); // the X12 review decision reason code, where a licensed plan maps one
    t.integer('position').notNullable();
  });
  await knex.schema.createTable('line_decisions', (t) => {
    t.increments('id');
    t.integer('request_id').notNullable().references('auth_requests.id').onDelete('CASCADE');
    t.integer('request_line_id').notNullable().references('request_lines.id').onDelete('CASCADE');
    t.string('outcome').notNullable();
    t.integer('authorized_units');
    t.string('authorized_from', 10);
    t.string('authorized_to', 10);
    t.string('certification_number');
    t.string('reason_code');
    t.text('reason_text');
    t.integer('decided_by').references('users.id'); // empty when the coverage rules decided
    t.string('decided_by_role').notNullable(); // clinical_reviewer | physician_reviewer | coverage-rules
    t.string('rules_version');
    t.string('decided_at').notNullable();
    t.index(['request_line_id', 'id']);
    t.index(['request_id']);
  });

  // Requests received before the desk: standard, due 7 days after they were received; their lines'
  // statuses at submit become the coverage rules' decisions.
  const requests = await knex('auth_requests').select('id', 'submitted_at');
  for (const r of requests) {
    await knex('auth_requests').where({ id: r.id }).update({ due_at: new Date(Date.parse(r.submitted_at) + 168 * HOUR).toISOString() });
  }
  const lines = await knex('request_lines as l').join('auth_requests as r', 'r.id', 'l.request_id').select('l.id', 'l.request_id', 'l.status', 'l.units', 'l.from_date', 'l.to_date', 'r.submitted_at');
  for (const l of lines) {
    await knex('line_decisions').insert({
      request_id: l.request_id, request_line_id: l.id, outcome: l.status, decided_by_role: 'coverage-rules', decided_at: l.submitted_at,
      ...(l.status === 'Approved' ? { authorized_units: l.units, authorized_from: l.from_date, authorized_to: l.to_date } : {}),
    });
    await knex('request_lines').where({ id: l.id }).update({ decision_count: 1 });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('line_decisions');
  await knex.schema.dropTableIfExists('decision_reasons');
  await knex.schema.alterTable('request_lines', (t) => {
    t.dropColumn('certification_number');
    t.dropColumn('decision_count');
  });
  await knex.schema.alterTable('auth_requests', (t) => {
    t.dropIndex(['status', 'due_at']);
  });
  await knex.schema.alterTable('auth_requests', (t) => {
    for (const c of ['assigned_at', 'assigned_to', 'extension_reason', 'extension_days', 'due_at', 'expedited_reason', 'priority']) t.dropColumn(c);
  });
}
