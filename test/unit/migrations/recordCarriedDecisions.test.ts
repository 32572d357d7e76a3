import { databaseBefore, type MigrationDb } from '../../helpers/migrationDb';
import { decideEveryLine, TWO_LINES } from '../../helpers/planRequests';
import { insertDemoRequest } from '../../../src/seed/demoRequests';
import { seedDemoData } from '../../../src/seed/demo';
import { submitAuthorizationUpdate } from '../../../src/services/authorizationUpdate';
import { testPasswordHasher } from '../../helpers/passwords';

/**
 * 20261201080000 names the decision an update carried over unchanged (carried_from_id). Copies made
 * before the column are found again on the way up: versions 2 and 3 made with a line left unchanged,
 * their marks removed as if made before the column, then down and up again.
 */
let m: MigrationDb;
const NOW = new Date('2026-09-20T15:00:00.000Z');
let marks: { id: number; carried_from_id: number | null }[];

beforeAll(async () => {
  m = await databaseBefore('20261201080000_record_carried_decisions', async (db) => {
    await seedDemoData(db, testPasswordHasher);
  });
  await m.up();
  const db = m.db;
  const reference = await insertDemoRequest(db, TWO_LINES, NOW);
  await decideEveryLine(db, reference, 'Approved', NOW);
  const user = await db('users').where({ username: 'demo.provider' }).first('id', 'organization_id');
  let current = reference;
  for (const [i, units] of [2, 3].entries()) {
    const request = await db('auth_requests').where({ reference_number: current }).first('id');
    const seen = Object.fromEntries((await db('request_lines').where({ request_id: request.id }).select('line_number', 'decision_count')).map((l) => [String(l.line_number), Number(l.decision_count)]));
    const result = await submitAuthorizationUpdate(db, { organizationId: user.organization_id, reference: current, seen, changes: { 2: { units } }, added: [], submissionKey: `update-${i}`, submitter: { userId: user.id }, now: new Date(NOW.getTime() + (i + 1) * 3_600_000) });
    if (result.kind !== 'submitted') throw new Error(JSON.stringify(result));
    current = result.referenceNumber;
  }
  marks = await db('line_decisions').orderBy('id').select('id', 'carried_from_id');
});
afterAll(async () => m.close());

test('each version carries line 1\'s approval, named by the decision first recorded; down and up again find the same', async () => {
  const first = await m.db('line_decisions as d').join('auth_requests as r', 'r.id', 'd.request_id').where({ 'r.version': 1, 'd.decided_by_role': 'physician_reviewer' }).join('request_lines as l', 'l.id', 'd.request_line_id').where('l.line_number', 1).first('d.id');
  expect(marks.filter((d) => d.carried_from_id !== null).map((d) => d.carried_from_id)).toEqual([first.id, first.id]);
  await m.db('line_decisions').update({ carried_from_id: null });
  await m.down();
  expect(await m.db.schema.hasColumn('line_decisions', 'carried_from_id')).toBe(false);
  await m.up();
  expect(await m.db('line_decisions').orderBy('id').select('id', 'carried_from_id')).toEqual(marks);
});
