import type { Db } from '../../../src/db/database';
import { databaseBefore, type MigrationDb } from '../../helpers/migrationDb';

let m: MigrationDb;
let db: Db;
beforeAll(async () => {
  m = await databaseBefore('20261130030000_create_request_messages_and_reconsiderations');
  db = m.db;
});
afterAll(async () => m.close());

test('up creates the messages, their attachments and the reconsiderations; down removes them; up again', async () => {
  const tables = ['request_messages', 'request_message_attachments', 'reconsiderations'];
  for (const table of tables) expect(await db.schema.hasTable(table)).toBe(false);
  await m.up();
  for (const table of tables) expect(await db.schema.hasTable(table)).toBe(true);
  expect(Object.keys(await db('request_messages').columnInfo())).toEqual(expect.arrayContaining(['author_side', 'kind', 'body', 'respond_by', 'form_token', 'created_at']));
  expect(Object.keys(await db('reconsiderations').columnInfo())).toEqual(expect.arrayContaining(['contested_decision_id', 'contested_by', 'due_at', 'outcome', 'decided_by', 'decided_at']));
  await m.down();
  for (const table of tables) expect(await db.schema.hasTable(table)).toBe(false);
  await m.up();
});
