import { databaseBefore, type MigrationDb } from '../../helpers/migrationDb';
import { seedDemoRequests } from '../../../src/seed/demoRequests';
import { seedDemoData } from '../../../src/seed/demo';
import { testPasswordHasher } from '../../helpers/passwords';

/**
 * 20261201020000 adds the API's memory of a Claim (its identifiers, each line's item sequence) and the
 * per-client call windows: the lines already there keep everything and have no item sequence (their
 * line number stands in); down and up again.
 */
let m: MigrationDb;
const TABLES = ['auth_requests', 'request_lines', 'line_decisions', 'questionnaire_responses', 'reconsiderations', 'status_history'];
const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, Number((await m.db(t).count({ n: '*' }).first())?.n ?? 0)])));
beforeAll(async () => {
  m = await databaseBefore('20261201020000_record_api_claims_and_call_windows', async (db) => {
    await seedDemoData(db, testPasswordHasher);
    await seedDemoRequests(db, new Date('2026-03-10T15:00:00.000Z'));
    // A decision on a line, which must outlive the column's coming and going.
    const line = await db('request_lines').orderBy('id').first('id', 'request_id', 'status');
    await db('line_decisions').insert({ request_id: line.request_id, request_line_id: line.id, outcome: line.status, decided_by_role: 'coverage-rules', decided_at: '2026-03-10T15:00:00.000Z' });
  });
});
afterAll(async () => m.close());

test('up keeps every line (without an item sequence) and adds the tables; down and up again', async () => {
  const lines = await m.db('request_lines').orderBy('id').select('id', 'code', 'status');
  expect(lines.length).toBeGreaterThan(0);
  const before = await counts();
  expect(before.line_decisions).toBeGreaterThan(1);
  await m.up();
  expect(await m.db('request_lines').orderBy('id').select('id', 'code', 'status')).toEqual(lines);
  expect(await m.db('request_lines').whereNotNull('item_sequence').count({ n: '*' }).first()).toEqual({ n: 0 });
  expect(await m.db.schema.hasTable('api_claim_identifiers')).toBe(true);
  expect(await m.db.schema.hasTable('api_call_windows')).toBe(true);
  await m.down();
  expect(await m.db.schema.hasColumn('request_lines', 'item_sequence')).toBe(false);
  expect(await m.db('request_lines').orderBy('id').select('id', 'code', 'status')).toEqual(lines);
  expect(await counts()).toEqual(before);
  await m.up();
  expect(await counts()).toEqual(before);
  expect(await m.db.schema.hasTable('api_call_windows')).toBe(true);
});
