import type { Knex } from 'knex';
import { isPostgres } from '../src/db/dialect';

/**
 * Every multi-step form in progress, one row each (issue 10): the session says who is signed in and
 * nothing about journeys. `version` makes each write a compare-and-set, so two tabs or two requests at
 * once never overwrite each other. Drafts already kept in journey_drafts become rows here.
 * Member searches are kept per search, named by a random id in the URL, so two tabs can search two members.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('journeys', (t) => {
    t.string('id').primary();
    t.string('kind').notNullable();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('organization_id').notNullable().references('organizations.id');
    t.text('answers').notNullable(); // JSON
    t.integer('version').notNullable().defaultTo(1);
    t.string('status').notNullable().defaultTo('in-progress'); // in-progress | submitted | discarded
    t.string('reference'); // what a submitted journey became
    t.string('submitted_at');
    t.string('created_at').notNullable();
    t.string('updated_at').notNullable();
    t.index(['user_id', 'status', 'updated_at']);
    t.index(['status', 'updated_at']);
  });
  const draftCreatedAt = isPostgres(knex) ? "(d.journey::json ->> 'createdAt')" : "json_extract(d.journey, '$.createdAt')";
  await knex.raw(`
    INSERT INTO journeys (id, kind, user_id, organization_id, answers, version, status, created_at, updated_at)
    SELECT d.journey_id, 'prior-auth', d.user_id, u.organization_id, d.journey, 1, 'in-progress',
           COALESCE(${draftCreatedAt}, d.updated_at), d.updated_at
    FROM journey_drafts d JOIN users u ON u.id = d.user_id`);
  await knex.schema.dropTable('journey_drafts');

  await knex.schema.createTable('member_searches', (t) => {
    t.string('id').primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.integer('member_id').notNullable().references('members.id');
    t.string('date_of_service').notNullable();
    t.text('criteria').notNullable(); // JSON: what was searched for, shown back as a summary
    t.string('created_at').notNullable();
    t.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('member_searches');
  await knex.schema.createTable('journey_drafts', (t) => {
    t.string('journey_id').primary();
    t.integer('user_id').notNullable().references('users.id').onDelete('CASCADE');
    t.text('journey').notNullable();
    t.string('updated_at').notNullable();
    t.index(['user_id', 'updated_at']);
  });
  await knex.raw(`
    INSERT INTO journey_drafts (journey_id, user_id, journey, updated_at)
    SELECT id, user_id, answers, updated_at FROM journeys WHERE kind = 'prior-auth' AND status = 'in-progress'`);
  await knex.schema.dropTableIfExists('journeys');
}
