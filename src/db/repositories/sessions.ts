import type { Db } from '../database';
import { isPostgres } from '../dialect';

/**
 * Signs a user out everywhere (but `except`, the session that asked): deletes their rows from the
 * `sessions` table that connect-session-knex keeps, where the session's JSON holds the user's id
 * (src/middleware/session.ts). Their next request finds no session and goes to the sign-in page.
 * For a change of password now, and for an administrator disabling a user.
 */
export async function endSessionsOfUser(db: Db, userId: number, options: { except?: string } = {}): Promise<number> {
  return db('sessions')
    .modify((q) => (isPostgres(db) ? q.whereRaw("(sess ->> 'userId') = ?", [String(userId)]) : q.whereRaw("json_extract(sess, '$.userId') = ?", [userId])))
    .modify((q) => (options.except === undefined ? q : q.whereNot('sid', options.except)))
    .delete();
}
