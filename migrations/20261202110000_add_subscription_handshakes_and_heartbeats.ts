import type { Knex } from 'knex';

/**
 * Subscription handshakes and heartbeats (R4 Subscriptions Backport STU1.1): a new subscription is
 * `requested` until its handshake is delivered, and one with a heartbeat period is sent a heartbeat
 * when that long has passed since its last notification. Both go through the same queue as events, so
 * a notification row has a `kind` (event | handshake | heartbeat) and only an event has a request.
 * `last_notified_at` is when the subscription was last sent a notification of any kind (or a heartbeat
 * was queued for it: the compare-and-set that keeps two processes from queueing two). Schema builder
 * only, so the same migration runs on PostgreSQL (on SQLite, knex rebuilds the table to drop NOT NULL).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('subscriptions', (t) => {
    t.integer('heartbeat_period'); // seconds; none: no heartbeat
    t.string('last_notified_at');
  });
  await knex.schema.alterTable('subscription_notifications', (t) => {
    t.string('kind').notNullable().defaultTo('event'); // event | handshake | heartbeat
  });
  await knex.schema.alterTable('subscription_notifications', (t) => {
    t.integer('request_id').nullable().alter();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex('subscription_notifications').whereNot({ kind: 'event' }).delete();
  await knex.schema.alterTable('subscription_notifications', (t) => {
    t.integer('request_id').notNullable().alter();
  });
  await knex.schema.alterTable('subscription_notifications', (t) => {
    t.dropColumn('kind');
  });
  await knex.schema.alterTable('subscriptions', (t) => {
    t.dropColumn('heartbeat_period');
    t.dropColumn('last_notified_at');
  });
}
