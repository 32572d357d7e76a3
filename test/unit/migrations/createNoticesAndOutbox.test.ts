import { databaseBefore, type MigrationDb } from '../../helpers/migrationDb';

let m: MigrationDb;
beforeAll(async () => {
  m = await databaseBefore('20261130020000_create_notices_and_outbox');
});
afterAll(async () => m.close());

test('up creates the notices, their per-user reads and the outbox; down removes them; up again', async () => {
  for (const table of ['notices', 'notice_reads', 'outbox']) expect(await m.db.schema.hasTable(table)).toBe(false);
  await m.up();
  expect(Object.keys(await m.db('outbox').columnInfo()).sort()).toEqual(
    ['attempts', 'created_at', 'id', 'last_error', 'next_attempt_at', 'notice_id', 'organization_id', 'reference_number', 'sent_at', 'status', 'subject', 'to_address'].sort(),
  );
  expect(Object.keys(await m.db('notice_reads').columnInfo()).sort()).toEqual(['notice_id', 'read_at', 'user_id']);
  await m.down();
  for (const table of ['notices', 'notice_reads', 'outbox']) expect(await m.db.schema.hasTable(table)).toBe(false);
  await m.up();
  expect(await m.db.schema.hasTable('notices')).toBe(true);
});
