import type { Db } from '../database';
import { insertedId } from '../results';
import { isPostgres } from '../dialect';
import { ADVISORY_LOCK } from '../advisoryLocks';
import type { Attempt, SignInHistory } from '../../domain/signInLimits';

export interface AttemptToReserve {
  username: string;
  clientAddress: string;
  at: Date;
  /** How far back the history handed to `refuse` goes, for the username and for the address. */
  usernameSince: Date;
  addressSince: Date;
}

/**
 * Reserves a sign-in attempt before its password is checked, in one transaction: the attempt is written
 * first, as failed, then the attempts before it are read and `refuse` decides; a refused attempt is
 * taken back. Writing first takes SQLite's write lock at the start of the transaction (waiting for it
 * with the busy timeout), so simultaneous attempts, from this process or another, queue there and each
 * sees every attempt reserved before it: however they arrive, no more passwords are checked than the
 * limits allow. The caller marks the attempt succeeded once the password proved right.
 */
export async function reserveSignInAttempt<R>(db: Db, attempt: AttemptToReserve, refuse: (history: SignInHistory) => R | undefined): Promise<{ id: number } | { refused: R }> {
  const username = attempt.username.toLowerCase();
  return db.transaction(async (trx) => {
    if (isPostgres(trx)) await queueBehindOtherAttempts(trx, username, attempt.clientAddress);
    const id = insertedId(await trx('sign_in_attempts').insert({ username, client_address: attempt.clientAddress, succeeded: false, attempted_at: attempt.at.toISOString() }).returning('id'));
    const forUsername = await attemptsForUsername(trx, username, attempt.usernameSince, id);
    const fromAddress = await attemptsFromAddress(trx, attempt.clientAddress, attempt.addressSince, id);
    const refused = refuse({ forUsername, fromAddress });
    if (refused === undefined) return { id };
    await trx('sign_in_attempts').where({ id }).delete();
    return { refused };
  });
}

/**
 * PostgreSQL lets transactions write side by side, and one does not see another's uncommitted attempt:
 * two simultaneous attempts could each count four before them and both check a password. Advisory
 * locks held until commit, one per username and one per client address, make attempts on the same
 * username or from the same address queue as SQLite's write lock makes them queue. (A username's lock
 * is always taken before an address's, and an address's is the last lock taken: no two attempts can
 * wait on each other.)
 */
async function queueBehindOtherAttempts(trx: Db, username: string, clientAddress: string): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(?, hashtext(?))', [ADVISORY_LOCK.username, username]);
  await trx.raw('SELECT pg_advisory_xact_lock(?, hashtext(?))', [ADVISORY_LOCK.clientAddress, clientAddress]);
}

export async function markSignInSucceeded(db: Db, attemptId: number): Promise<void> {
  await db('sign_in_attempts').where({ id: attemptId }).update({ succeeded: true });
}

export async function attemptsForUsername(db: Db, username: string, since: Date, exceptId?: number): Promise<Attempt[]> {
  const rows: { succeeded: number | boolean; attempted_at: string }[] = await db('sign_in_attempts')
    .where('username', username.toLowerCase())
    .where('attempted_at', '>=', since.toISOString())
    .modify((q) => (exceptId === undefined ? q : q.whereNot('id', exceptId)))
    .select('succeeded', 'attempted_at');
  return rows.map((r) => ({ succeeded: Boolean(r.succeeded), at: new Date(r.attempted_at) }));
}

async function attemptsFromAddress(db: Db, clientAddress: string, since: Date, exceptId: number): Promise<number> {
  const row = await db('sign_in_attempts')
    .where('client_address', clientAddress)
    .where('attempted_at', '>=', since.toISOString())
    .whereNot('id', exceptId)
    .count<{ n: number }[]>({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

/**
 * An administrator unlocks a username: the failed attempts that locked it are forgotten (the audit log
 * keeps each of them), so the username starts again with five tries.
 */
export async function forgetFailedSignIns(db: Db, username: string): Promise<number> {
  return db('sign_in_attempts').where({ username: username.toLowerCase(), succeeded: false }).delete();
}
