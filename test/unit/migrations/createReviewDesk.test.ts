import type { Db } from '../../../src/db/database';
import { seedDemoData } from '../../../src/seed/demo';
import { databaseBefore, insertRequestOfFirstSchema, type MigrationDb } from '../../helpers/migrationDb';
import { testPasswordHasher } from '../../helpers/passwords';

let m: MigrationDb;
let db: Db;
beforeAll(async () => {
  m = await databaseBefore('20261129180100_create_review_desk', async (demo) => {
    await seedDemoData(demo, testPasswordHasher);
    await demo('line_decisions').delete();
    await demo('auth_requests').delete();
  });
  db = m.db;
});
afterAll(async () => m.close());

test('requests received before the desk are standard, due 7 days after receipt, their statuses at submit the rules decisions; down removes it all', async () => {
  const requestId = await insertRequestOfFirstSchema(db);
  await db('request_lines').insert({ request_id: requestId, line_number: 1, code: '80324', code_system: 'CPT', units: 2, from_date: '2026-03-02', to_date: '2026-03-02', status: 'Approved' });

  await m.up();
  expect(await db('auth_requests').where({ id: requestId }).first('priority', 'due_at')).toEqual({ priority: 'standard', due_at: '2026-03-09T10:00:00.000Z' });
  expect(await db('line_decisions').select('outcome', 'authorized_units', 'decided_by', 'decided_by_role')).toEqual([{ outcome: 'Approved', authorized_units: 2, decided_by: null, decided_by_role: 'coverage-rules' }]);
  expect(await db('request_lines').first('decision_count')).toEqual({ decision_count: 1 });

  await m.down();
  expect(await db.schema.hasTable('line_decisions')).toBe(false);
  expect(await db('auth_requests').columnInfo()).not.toHaveProperty('priority');
  await m.up();
});
