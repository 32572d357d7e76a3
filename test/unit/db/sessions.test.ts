import type { Db } from '../../../src/db/database';
import { migratedTestDatabase, type TestDatabase } from '../../helpers/testDatabase';
import { endSessionsOfUser } from '../../../src/db/repositories/sessions';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await migratedTestDatabase();
  db = database.db;
});
afterAll(async () => {
  await database.close();
});

// Rows as connect-session-knex writes them: the session's JSON, with the signed-in user's id.
const row = (sid: string, sess: object) => ({ sid, sess: JSON.stringify({ cookie: { httpOnly: true }, ...sess }), expired: '2099-01-01T00:00:00.000Z' });

test('ends every session of the user (as for a disabled user), or every one but the session that asked', async () => {
  await db('sessions').insert([row('a1', { userId: 7, signedInAt: 1 }), row('a2', { userId: 7 }), row('a3', { userId: 7 }), row('b1', { userId: 70 }), row('visitor', { csrfToken: 'x' })]);
  expect(await endSessionsOfUser(db, 7, { except: 'a2' })).toBe(2);
  expect(await db('sessions').orderBy('sid').pluck('sid')).toEqual(['a2', 'b1', 'visitor']);
  expect(await endSessionsOfUser(db, 7)).toBe(1);
  expect(await db('sessions').orderBy('sid').pluck('sid')).toEqual(['b1', 'visitor']);
});
