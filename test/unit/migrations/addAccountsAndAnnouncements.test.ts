import type { Db } from '../../../src/db/database';
import { seedDemoData } from '../../../src/seed/demo';
import { migrationSource } from '../../../src/db/migrationSource';
import { freshTestDatabase, type TestDatabase } from '../../helpers/testDatabase';
import { testPasswordHasher } from '../../helpers/passwords';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await freshTestDatabase();
  db = database.db;
  await db.migrate.latest({ migrationSource });
  await seedDemoData(db, testPasswordHasher);
});
afterAll(async () => database.close());

test("issue 13's migrations go down and up again with the demo data in place, users kept", async () => {
  const admin = await db('users').where({ username: 'demo.admin' }).first();
  await db('users').where({ id: admin.id }).update({ phone: '(312) 555-0142', email_on_decisions: false, deactivated_at: null });
  await db('provider_information_confirmations').insert({ organization_id: admin.organization_id, confirmed_by: admin.id, confirmed_at: new Date().toISOString(), changes: '' });
  await db.migrate.down({ migrationSource, name: '20261130070100_create_provider_information' });
  await db.migrate.down({ migrationSource, name: '20261130070000_add_accounts_and_announcements' });
  expect(await db.schema.hasTable('announcements')).toBe(false);
  expect(await db.schema.hasColumn('users', 'email_on_decisions')).toBe(false);
  expect((await db('users').where({ username: 'demo.admin' }).first()).email).toBe('admin@northside.example');
  await db.migrate.latest({ migrationSource });
  const after = await db('users').where({ username: 'demo.admin' }).first();
  expect(Boolean(after.email_on_decisions)).toBe(true);
  expect(after.deactivated_at).toBeNull();
});
