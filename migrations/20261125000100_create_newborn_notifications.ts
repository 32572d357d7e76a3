import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('newborn_notifications', (t) => {
    t.increments('id');
    t.string('reference_number', 9).notNullable().unique();
    // The one-time id of the form that sent it: a second post of the same form finds this row.
    t.string('form_id').notNullable().unique();
    t.integer('organization_id').notNullable().references('organizations.id');
    t.integer('submitted_by').notNullable().references('users.id');
    t.integer('mother_member_id').notNullable().references('members.id');
    t.string('delivery_date', 10).notNullable(); // YYYY-MM-DD
    t.string('delivery_time', 5).notNullable(); // HH:MM, 24-hour, the clinic's local time
    t.integer('facility_provider_id').notNullable().references('providers.id');
    t.string('delivery_type').notNullable(); // vaginal | cesarean
    t.string('contact_name').notNullable();
    t.string('contact_phone').notNullable();
    t.string('submitted_at').notNullable();
    t.index(['organization_id', 'submitted_at']);
    t.index(['mother_member_id']);
  });

  await knex.schema.createTable('newborns', (t) => {
    t.increments('id');
    t.integer('notification_id').notNullable().references('newborn_notifications.id').onDelete('CASCADE');
    t.integer('position').notNullable(); // 1 is the first baby delivered
    t.string('first_name').notNullable();
    t.string('last_name').notNullable();
    t.string('sex').notNullable(); // female | male
    t.string('date_of_birth', 10).notNullable();
    t.integer('birth_weight_grams').notNullable();
    t.integer('gestational_age_weeks').notNullable();
    t.boolean('nicu_admission').notNullable();
    t.unique(['notification_id', 'position']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('newborns');
  await knex.schema.dropTableIfExists('newborn_notifications');
}
