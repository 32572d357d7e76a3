import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organizations', (t) => {
    t.increments('id');
    t.string('name').notNullable();
    t.string('npi', 10).notNullable().unique();
  });

  await knex.schema.createTable('users', (t) => {
    t.increments('id');
    t.integer('organization_id').notNullable().references('organizations.id');
    t.string('username').notNullable().unique();
    t.string('display_name').notNullable();
    t.string('role').notNullable(); // provider | org_admin
    t.string('password_hash').notNullable();
    t.string('created_at').notNullable();
  });

  // express-session rows, written by connect-session-knex (same shape it creates itself).
  await knex.schema.createTable('sessions', (t) => {
    t.string('sid').primary();
    t.json('sess').notNullable();
    t.timestamp('expired').notNullable().index();
  });

  await knex.schema.createTable('members', (t) => {
    t.increments('id');
    t.string('member_id').notNullable().unique();
    t.string('medicaid_id').unique();
    t.string('first_name').notNullable();
    t.string('last_name').notNullable();
    t.string('date_of_birth', 10).notNullable(); // YYYY-MM-DD
    t.string('gender').notNullable();
    t.index(['last_name', 'first_name', 'date_of_birth']);
  });

  await knex.schema.createTable('eligibility_spans', (t) => {
    t.increments('id');
    t.integer('member_id').notNullable().references('members.id').onDelete('CASCADE');
    t.string('plan_name').notNullable();
    t.string('start_date', 10).notNullable();
    t.string('end_date', 10).notNullable();
    t.index(['member_id']);
  });

  await knex.schema.createTable('providers', (t) => {
    t.increments('id');
    t.string('npi', 10).notNullable().unique();
    t.string('plan_provider_number').unique();
    t.string('entity_type').notNullable(); // individual | organization
    t.string('name').notNullable();
    t.string('specialty');
    t.string('address');
    t.index(['name']);
  });

  await knex.schema.createTable('codes', (t) => {
    t.increments('id');
    t.string('system').notNullable(); // ICD10CM | HCPCS | CPT
    t.string('code').notNullable(); // as shown: F11.20, G0480, 80324
    t.string('compact').notNullable(); // without the dot, upper case: F1120
    t.text('description');
    t.boolean('billable').notNullable();
    t.string('effective_from', 10);
    t.string('effective_to', 10);
    t.unique(['system', 'code']);
    t.index(['compact']);
  });

  await knex.schema.createTable('places_of_service', (t) => {
    t.string('code', 2).primary();
    t.string('name').notNullable();
    t.text('description');
  });

  await knex.schema.createTable('rule_sets', (t) => {
    t.string('version').primary();
    t.string('effective_date', 10).notNullable();
    t.string('loaded_at').notNullable();
  });

  await knex.schema.createTable('service_categories', (t) => {
    t.string('id').primary();
    t.string('care_setting').notNullable(); // inpatient | outpatient
    t.string('name').notNullable();
    t.integer('position').notNullable();
  });

  await knex.schema.createTable('questionnaires', (t) => {
    t.string('id').primary();
    t.string('title').notNullable();
    t.text('definition').notNullable(); // JSON: items and criteria
  });

  await knex.schema.createTable('coverage_rules', (t) => {
    t.string('id').primary();
    t.integer('position').notNullable();
    t.text('definition').notNullable(); // JSON: one rule as in the rules file
  });

  await knex.schema.createTable('counters', (t) => {
    t.string('name').primary();
    t.integer('value').notNullable();
  });

  await knex.schema.createTable('auth_requests', (t) => {
    t.increments('id');
    t.string('reference_number', 9).notNullable().unique();
    t.string('authorization_number').notNullable().unique();
    // The wizard journey that produced it: a second submit of the same journey finds this row.
    t.string('journey_id').notNullable().unique();
    t.integer('organization_id').notNullable().references('organizations.id');
    t.integer('submitted_by').notNullable().references('users.id');
    t.integer('member_id').notNullable().references('members.id');
    t.string('care_setting').notNullable();
    t.string('category_id').notNullable().references('service_categories.id');
    t.string('request_type').notNullable();
    t.integer('servicing_provider_id').notNullable().references('providers.id');
    t.string('start_date', 10).notNullable();
    t.string('end_date', 10).notNullable();
    t.string('treatment_type').notNullable();
    t.string('place_of_service', 2).notNullable().references('places_of_service.code');
    t.string('contact_name').notNullable();
    t.string('contact_phone').notNullable();
    t.string('contact_phone_ext');
    t.string('contact_fax').notNullable();
    t.string('contact_email');
    t.string('status').notNullable();
    t.string('submitted_at').notNullable();
    t.index(['organization_id', 'submitted_at']);
    t.index(['member_id']);
  });

  await knex.schema.createTable('request_diagnoses', (t) => {
    t.integer('request_id').notNullable().references('auth_requests.id').onDelete('CASCADE');
    t.integer('position').notNullable(); // 1 is the primary diagnosis
    t.string('code').notNullable();
    t.primary(['request_id', 'position']);
  });

  await knex.schema.createTable('request_lines', (t) => {
    t.increments('id');
    t.integer('request_id').notNullable().references('auth_requests.id').onDelete('CASCADE');
    t.integer('line_number').notNullable(); // 1 is the primary procedure
    t.string('code').notNullable();
    t.string('code_system').notNullable();
    t.integer('units').notNullable();
    t.string('from_date', 10).notNullable();
    t.string('to_date', 10).notNullable();
    t.string('rule_id');
    t.string('status').notNullable();
    t.integer('authorized_units');
    t.string('authorized_date', 10);
    t.unique(['request_id', 'line_number']);
    t.index(['code', 'from_date']);
  });

  await knex.schema.createTable('questionnaire_responses', (t) => {
    t.increments('id');
    t.integer('request_line_id').notNullable().references('request_lines.id').onDelete('CASCADE');
    t.string('questionnaire_id').notNullable();
    t.text('response').notNullable(); // JSON, shaped like a FHIR QuestionnaireResponse
    t.boolean('criteria_met').notNullable();
    t.string('authored_at').notNullable();
  });

  await knex.schema.createTable('status_history', (t) => {
    t.increments('id');
    t.integer('request_id').notNullable().references('auth_requests.id').onDelete('CASCADE');
    t.integer('request_line_id').references('request_lines.id').onDelete('CASCADE');
    t.string('status').notNullable();
    t.string('changed_at').notNullable();
    t.integer('changed_by').references('users.id');
    t.text('note');
    t.index(['request_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'status_history', 'questionnaire_responses', 'request_lines', 'request_diagnoses', 'auth_requests',
    'counters', 'coverage_rules', 'questionnaires', 'service_categories', 'rule_sets', 'places_of_service',
    'codes', 'providers', 'eligibility_spans', 'members', 'sessions', 'users', 'organizations',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
