import type { Db } from '../../../src/db/database';
import { seedDemoData } from '../../../src/seed/demo';
import { databaseBefore, insertRequestOfFirstSchema, type MigrationDb } from '../../helpers/migrationDb';
import { testPasswordHasher } from '../../helpers/passwords';
import { insertedId } from '../../../src/db/results';

let m: MigrationDb;
let db: Db;
beforeAll(async () => {
  m = await databaseBefore('20261129130100_record_rules_decisions_and_attestations', (demo) => seedDemoData(demo, testPasswordHasher));
  db = m.db;
});
afterAll(async () => m.close());

test('answers stored before the migration are credited to the user who submitted the request; down removes the columns', async () => {
  const user = await db('users').where({ username: 'demo.provider' }).first();
  const requestId = await insertRequestOfFirstSchema(db);
  const lineId = insertedId(await db('request_lines').insert({ request_id: requestId, line_number: 1, code: '80324', code_system: 'CPT', units: 1, from_date: '2026-03-02', to_date: '2026-03-02', status: 'Approved' }).returning('id'));
  await db('questionnaire_responses').insert({ request_line_id: lineId, questionnaire_id: 'definitive-drug-testing', response: '{}', criteria_met: true, authored_at: '2026-03-02T10:00:00.000Z' });

  await m.up();
  expect(await db('questionnaire_responses').where({ request_line_id: lineId }).first('attested_by')).toEqual({ attested_by: user.id });
  expect(await db('status_history').columnInfo()).toHaveProperty('rules_in_force_from');

  await m.down();
  expect(await db('status_history').columnInfo()).not.toHaveProperty('rules_in_force_from');
  expect(await db('questionnaire_responses').columnInfo()).not.toHaveProperty('attested_by');
  await m.up();
});
