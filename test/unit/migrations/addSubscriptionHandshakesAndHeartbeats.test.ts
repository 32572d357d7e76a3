import { databaseBefore, type MigrationDb } from '../../helpers/migrationDb';

/**
 * 20261202110000 lets the notification queue carry handshakes and heartbeats (no request) and keeps
 * each subscription's heartbeat period and last notification; down removes them and what they queued.
 */
let m: MigrationDb;
beforeAll(async () => {
  m = await databaseBefore('20261202110000_add_subscription_handshakes_and_heartbeats');
});
afterAll(async () => m.close());

const requestIdRequired = async () => !(await m.db('subscription_notifications').columnInfo('request_id')).nullable;
/** On SQLite the table is rebuilt: its foreign key to the request must come through (PostgreSQL alters the column in place). */
const cascadesWithRequest = async () => {
  if (!String(m.db.client.config.client).includes('sqlite')) return true;
  const keys: { table: string; on_delete: string }[] = await m.db.raw("PRAGMA foreign_key_list('subscription_notifications')");
  return keys.some((k) => k.table === 'auth_requests' && k.on_delete === 'CASCADE');
};

test('up adds the kind, the heartbeat period and the last notification, and lets a notification have no request; down restores the table; up again', async () => {
  expect(await requestIdRequired()).toBe(true);
  await m.up();
  expect(await m.db.schema.hasColumn('subscription_notifications', 'kind')).toBe(true);
  expect(await m.db.schema.hasColumn('subscriptions', 'heartbeat_period')).toBe(true);
  expect(await m.db.schema.hasColumn('subscriptions', 'last_notified_at')).toBe(true);
  expect(await requestIdRequired()).toBe(false);
  // SQLite rebuilds the table to drop NOT NULL: its notifications still go with their request.
  expect(await cascadesWithRequest()).toBe(true);
  await m.down();
  expect(await m.db.schema.hasColumn('subscription_notifications', 'kind')).toBe(false);
  expect(await m.db.schema.hasColumn('subscriptions', 'heartbeat_period')).toBe(false);
  expect(await requestIdRequired()).toBe(true);
  expect(await cascadesWithRequest()).toBe(true);
  await m.up();
  expect(await requestIdRequired()).toBe(false);
});
