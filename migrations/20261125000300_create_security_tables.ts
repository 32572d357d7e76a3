import type { Knex } from 'knex';
import { isPostgres } from '../src/db/dialect';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sign_in_attempts', (t) => {
    t.increments('id');
    t.string('username').notNullable(); // as typed, lower case; may name no user
    t.string('client_address').notNullable();
    t.boolean('succeeded').notNullable();
    t.string('attempted_at').notNullable();
    t.index(['username', 'attempted_at']);
    t.index(['client_address', 'attempted_at']);
  });

  // HIPAA 164.312(b) audit controls: who did what to which member's information, when, from where.
  await knex.schema.createTable('audit_log', (t) => {
    t.increments('id');
    t.string('occurred_at').notNullable();
    t.integer('organization_id').references('organizations.id');
    t.integer('user_id').references('users.id');
    t.string('username');
    t.string('client_address');
    t.string('action').notNullable();
    t.integer('member_id').references('members.id');
    t.string('reference_number');
    t.string('detail');
    t.string('request_id');
    t.index(['organization_id', 'occurred_at']);
  });
  // Append-only: the portal has no way to change or remove an entry, and the database refuses it too.
  if (isPostgres(knex)) {
    await knex.raw(`CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'The audit log is append-only'; END $$`);
    await knex.raw('CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()');
    await knex.raw('CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change()');
    // TRUNCATE skips row triggers: refused by a statement trigger of its own.
    await knex.raw('CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change()');
  } else {
    await knex.raw("CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'The audit log is append-only'); END");
    await knex.raw("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'The audit log is append-only'); END");
  }

  // A request in progress, kept for its user so that an expired session loses nothing typed.
  await knex.schema.createTable('journey_drafts', (t) => {
    t.string('journey_id').primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('journey').notNullable(); // JSON
    t.string('updated_at').notNullable();
    t.index(['user_id', 'updated_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('journey_drafts');
  if (isPostgres(knex)) {
    await knex.schema.dropTableIfExists('audit_log');
    await knex.raw('DROP FUNCTION IF EXISTS audit_log_refuse_change()');
  } else {
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_delete');
    await knex.raw('DROP TRIGGER IF EXISTS audit_log_no_update');
    await knex.schema.dropTableIfExists('audit_log');
  }
  await knex.schema.dropTableIfExists('sign_in_attempts');
}
