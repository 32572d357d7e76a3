import { databaseBefore, type MigrationDb } from '../../helpers/migrationDb';

let m: MigrationDb;
beforeAll(async () => {
  m = await databaseBefore('20261201010000_add_authorization_versions');
});
afterAll(async () => m.close());

test('up adds the versions of an authorization (unique per version); down removes them; up again', async () => {
  expect(await m.db.schema.hasColumn('auth_requests', 'version')).toBe(false);
  await m.up();
  for (const c of ['version', 'previous_request_id', 'superseded_by', 'version_changes']) expect(await m.db.schema.hasColumn('auth_requests', c)).toBe(true);
  await m.down();
  expect(await m.db.schema.hasColumn('auth_requests', 'version')).toBe(false);
  await m.up();
  expect(await m.db.schema.hasColumn('auth_requests', 'version')).toBe(true);
});
