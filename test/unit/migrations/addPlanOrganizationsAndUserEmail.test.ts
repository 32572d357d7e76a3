import type { Db } from '../../../src/db/database';
import { seedDemoData } from '../../../src/seed/demo';
import { databaseBefore, type MigrationDb } from '../../helpers/migrationDb';
import { testPasswordHasher } from '../../helpers/passwords';

let m: MigrationDb;
let db: Db;
beforeAll(async () => {
  m = await databaseBefore('20261129180000_add_plan_organizations_and_user_email', async (demo) => {
    await seedDemoData(demo, testPasswordHasher);
    // The plan's announcements (a later migration) would keep the plan this test takes away.
    await demo('announcements').delete();
  });
  db = m.db;
});
afterAll(async () => m.close());

test('organizations become providers and keep their users; a plan needs no NPI; down takes plans away again', async () => {
  const usersBefore = await db('users').count<{ n: number }[]>({ n: '*' }).first();
  await m.up();
  const northside = await db('organizations').where({ npi: '1234567893' }).first();
  expect(northside.kind).toBe('provider');
  expect(await db('users').count<{ n: number }[]>({ n: '*' }).first()).toEqual(usersBefore);
  await db('organizations').insert({ name: 'Some Plan', kind: 'plan', npi: null });
  expect(await db('users').columnInfo()).toHaveProperty('email');

  await m.down();
  expect(await db('organizations').where({ name: 'Some Plan' }).first()).toBeUndefined();
  expect(await db('users').columnInfo()).not.toHaveProperty('email');
  await expect(db('organizations').insert({ name: 'No NPI' })).rejects.toThrow();
  await m.up();
});
