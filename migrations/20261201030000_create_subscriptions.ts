import type { Knex } from 'knex';

/**
 * Subscriptions (issue 15, the FHIR R4 Subscriptions Backport as Da Vinci PAS uses it): an API client's
 * rest-hook subscription to the PAS topic for its own organization, and the queue of notifications to
 * deliver. A notification row is written in the transaction that records what it is about (the
 * decision, with its notice); a worker in each process claims a row by a compare-and-set on `attempts`
 * (as the e-mail outbox does), POSTs it, and retries with back-off. The notification's Bundle is
 * written when it is sent, from the request as it then stands. Schema builder only, so the same
 * migration runs on PostgreSQL.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('subscriptions', (t) => {
    // The FHIR id: random, so one organization's ids say nothing of another's.
    t.string('id', 64).primary();
    t.integer('organization_id').notNullable().references('organizations.id');
    t.integer('api_client_id').notNullable().references('api_clients.id');
    t.string('status').notNullable(); // active | error | off
    t.string('reason').notNullable();
    t.string('topic').notNullable();
    // The filter as the client wrote it (org-identifier=<NPI>), echoed on read.
    t.string('filter_criteria').notNullable();
    t.string('endpoint', 2000).notNullable();
    // The channel's HTTP headers (JSON list of "Name: value"): the EHR's own credentials, sent with each notification.
    t.text('headers').notNullable();
    t.string('end_at');
    // Events raised since the subscription started: each notification's event number.
    t.integer('events_since_start').notNullable().defaultTo(0);
    t.text('last_error');
    t.string('created_at').notNullable();
    t.index(['organization_id', 'status']);
  });
  await knex.schema.createTable('subscription_notifications', (t) => {
    t.increments('id');
    t.string('subscription_id', 64).notNullable().references('subscriptions.id').onDelete('CASCADE');
    t.integer('request_id').notNullable().references('auth_requests.id').onDelete('CASCADE');
    t.integer('event_number').notNullable();
    t.string('event_at').notNullable();
    t.string('status').notNullable().defaultTo('queued'); // queued | sending | sent | failed
    t.integer('attempts').notNullable().defaultTo(0);
    // When a worker may take it next: due when queued, the end of a claim's lease while sending.
    t.string('next_attempt_at').notNullable();
    t.text('last_error');
    t.string('created_at').notNullable();
    t.string('sent_at');
    t.index(['status', 'next_attempt_at']);
    t.index(['subscription_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('subscription_notifications');
  await knex.schema.dropTableIfExists('subscriptions');
}
