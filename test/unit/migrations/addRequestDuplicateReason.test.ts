import { databaseBefore, type MigrationDb } from '../../helpers/migrationDb';

let m: MigrationDb;
beforeAll(async () => {
  m = await databaseBefore('20261130080000_add_request_duplicate_reason');
});
afterAll(async () => m.close());

test('up adds the request\'s duplicate reason; down removes it; up again', async () => {
  expect(await m.db.schema.hasColumn('auth_requests', 'duplicate_reason')).toBe(false);
  await m.up();
  expect(await m.db.schema.hasColumn('auth_requests', 'duplicate_reason')).toBe(true);
  await m.down();
  expect(await m.db.schema.hasColumn('auth_requests', 'duplicate_reason')).toBe(false);
  await m.up();
  expect(await m.db.schema.hasColumn('auth_requests', 'duplicate_reason')).toBe(true);
});
