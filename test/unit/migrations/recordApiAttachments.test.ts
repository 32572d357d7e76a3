import { databaseBefore, type MigrationDb } from '../../helpers/migrationDb';
import { seedDemoRequests } from '../../../src/seed/demoRequests';
import { seedDemoData } from '../../../src/seed/demo';
import { testPasswordHasher } from '../../helpers/passwords';
import type { Db } from '../../../src/db/database';

/**
 * 20261201040000 lets an attachment have no uploading user (an API client sent it with the request). On
 * SQLite knex changes nullability by copying the attachments table, with foreign keys off: no file row,
 * nor a message's link to one, may be lost or cascaded away by the copy.
 */
let m: MigrationDb;
const TABLES = ['attachments', 'request_message_attachments'];
const counts = async (db: Db) => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, Number((await db(t).count({ n: '*' }).first())?.n ?? 0)])));

beforeAll(async () => {
  m = await databaseBefore('20261201040000_record_api_attachments', async (db) => {
    await seedDemoData(db, testPasswordHasher);
    await seedDemoRequests(db, new Date('2026-03-10T15:00:00.000Z'));
  });
});
afterAll(async () => m.close());

test('up keeps every attachment and every link to one; an attachment may then have no user; down and up again', async () => {
  const request = await m.db('auth_requests').first('id');
  const user = await m.db('users').where({ username: 'demo.provider' }).first('id');
  const [row] = await m.db('attachments').insert({ request_id: request.id, original_name: 'note.txt', stored_name: 'x.txt', file_type: 'txt', media_type: 'text/plain', size_bytes: 4, sha256: 'a'.repeat(64), uploaded_by: user.id, uploaded_at: '2026-03-10T15:00:00.000Z' }).returning('id');
  const message = await m.db('request_messages').first('id');
  expect(message).toBeDefined();
  await m.db('request_message_attachments').insert({ message_id: message.id, attachment_id: typeof row === 'object' ? row.id : row });
  const before = await counts(m.db);
  expect(before.attachments).toBeGreaterThan(0);
  await m.up();
  expect(await counts(m.db)).toEqual(before);
  expect(await m.db.schema.hasColumn('attachments', 'api_client_id')).toBe(true);
  await m.down();
  expect(await counts(m.db)).toEqual(before);
  await m.up();
  expect(await counts(m.db)).toEqual(before);
});
