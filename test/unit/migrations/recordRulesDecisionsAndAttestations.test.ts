import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../../src/db/database';
import { migrationSource } from '../../../src/db/migrationSource';
import { seedDemoData } from '../../../src/seed/demo';

const MIGRATION = '20261129130100_record_rules_decisions_and_attestations';
let db: Db;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-migration-'));
  db = openDatabase(path.join(dir, 'db.sqlite3'));
  await db.migrate.latest({ migrationSource });
  await seedDemoData(db);
  await db.migrate.down({ migrationSource, name: MIGRATION });
});
afterAll(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('answers stored before the migration are credited to the user who submitted the request; down removes the columns', async () => {
  const user = await db('users').where({ username: 'demo.provider' }).first();
  const member = await db('members').first();
  const provider = await db('providers').first();
  const [requestId] = await db('auth_requests').insert({
    reference_number: '123456789', authorization_number: 'EPS-00000001', journey_id: 'j1', organization_id: user.organization_id, submitted_by: user.id,
    member_id: member.id, care_setting: 'outpatient', category_id: 'drug-testing', request_type: 'Drug testing', servicing_provider_id: provider.id,
    start_date: '2026-03-02', end_date: '2026-03-02', treatment_type: 'Laboratory', place_of_service: '11', contact_name: 'A', contact_phone: '1',
    contact_fax: '2', status: 'Approved', submitted_at: '2026-03-02T10:00:00.000Z',
  });
  const [lineId] = await db('request_lines').insert({ request_id: requestId, line_number: 1, code: '80324', code_system: 'CPT', units: 1, from_date: '2026-03-02', to_date: '2026-03-02', status: 'Approved' });
  await db('questionnaire_responses').insert({ request_line_id: lineId, questionnaire_id: 'definitive-drug-testing', response: '{}', criteria_met: true, authored_at: '2026-03-02T10:00:00.000Z' });

  await db.migrate.up({ migrationSource, name: MIGRATION });
  expect(await db('questionnaire_responses').where({ request_line_id: lineId }).first('attested_by')).toEqual({ attested_by: user.id });
  expect(await db('status_history').columnInfo()).toHaveProperty('rules_in_force_from');

  await db.migrate.down({ migrationSource, name: MIGRATION });
  expect(await db('status_history').columnInfo()).not.toHaveProperty('rules_in_force_from');
  expect(await db('questionnaire_responses').columnInfo()).not.toHaveProperty('attested_by');
  await db.migrate.up({ migrationSource, name: MIGRATION });
});
