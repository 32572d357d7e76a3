import { databaseBefore, type MigrationDb } from '../../helpers/migrationDb';

/** 20261201030000 adds the API's subscriptions and their notification queue (issue 15); down removes them. */
let m: MigrationDb;
beforeAll(async () => {
  m = await databaseBefore('20261201030000_create_subscriptions');
});
afterAll(async () => m.close());

test('up creates the subscriptions and their notifications; down drops them; up again', async () => {
  await m.up();
  expect(await m.db.schema.hasTable('subscriptions')).toBe(true);
  expect(await m.db.schema.hasColumn('subscription_notifications', 'next_attempt_at')).toBe(true);
  await m.down();
  expect(await m.db.schema.hasTable('subscriptions')).toBe(false);
  expect(await m.db.schema.hasTable('subscription_notifications')).toBe(false);
  await m.up();
  expect(await m.db.schema.hasTable('subscriptions')).toBe(true);
});
