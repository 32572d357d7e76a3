import type { Db } from '../../../src/db/database';
import { reserveSignInAttempt } from '../../../src/db/repositories/signInAttempts';
import { lockedUntil, USERNAME_LOCK } from '../../../src/domain/signInLimits';
import { migratedTestDatabase, type TestDatabase } from '../../helpers/testDatabase';

let database: TestDatabase;
let db: Db;
beforeAll(async () => {
  database = await migratedTestDatabase();
  db = database.db;
});
afterAll(async () => database.close());

const at = new Date('2026-11-29T10:00:00.000Z');
const since = new Date(at.getTime() - USERNAME_LOCK.windowMs - USERNAME_LOCK.lockMs);

/** One reservation as the sign-in page makes it: refused once the attempts before it lock the username. */
function reserve(username: string, clientAddress: string) {
  return reserveSignInAttempt(db, { username, clientAddress, at, usernameSince: since, addressSince: since }, (history) =>
    history.forUsername.length >= USERNAME_LOCK.failures || lockedUntil(history.forUsername, at) ? 'locked' : undefined,
  );
}

// On PostgreSQL, transactions write side by side: without a lock each of these could count the same
// four attempts before it. Every reservation must see every one committed before it, on both databases.
test('30 reservations for one username at once, from several addresses: exactly 5 go ahead', async () => {
  const results = await Promise.all(Array.from({ length: 30 }, (_, i) => reserve('Jane.Doe', `192.0.2.${i % 3}`)));
  expect(results.filter((r) => 'id' in r)).toHaveLength(USERNAME_LOCK.failures);
  expect(await db('sign_in_attempts').where({ username: 'jane.doe' }).count({ n: '*' }).first()).toEqual({ n: USERNAME_LOCK.failures });
});

test('reservations for other usernames are not held up by a locked one', async () => {
  const results = await Promise.all([reserve('jane.doe', '192.0.2.9'), reserve('john.roe', '192.0.2.9'), reserve('ann.poe', '192.0.2.9')]);
  expect(results.map((r) => ('id' in r ? 'reserved' : r.refused))).toEqual(['locked', 'reserved', 'reserved']);
});
