import type { Knex } from 'knex';

/**
 * An office's directory information as its administrator confirms it (issue 13: the guide's "update
 * within the last six months"), one row per organization, and every confirmation: who, when, what changed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('provider_information', (t) => {
    t.integer('organization_id').primary().references('organizations.id');
    t.text('address').notNullable();
    t.string('phone').notNullable();
    t.text('specialties').notNullable(); // NUCC taxonomy codes, one per line
    t.boolean('accepting_new_patients').notNullable();
    t.text('languages').notNullable();
    t.text('accessibility').notNullable();
  });
  await knex.schema.createTable('provider_information_confirmations', (t) => {
    t.increments('id');
    t.integer('organization_id').notNullable().references('organizations.id');
    t.integer('confirmed_by').notNullable().references('users.id');
    t.string('confirmed_at').notNullable();
    t.text('changes').notNullable(); // the fields that changed, in words ("Phone, Languages"); empty when none
    t.index(['organization_id', 'confirmed_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('provider_information_confirmations');
  await knex.schema.dropTable('provider_information');
}
