import type { Db } from '../database';
import { isPostgres } from '../dialect';
import { ADVISORY_LOCK } from '../advisoryLocks';
import { insertedId } from '../results';
import type { LinkPurpose, LinkRequestHistory } from '../../domain/setPasswordLinks';

export interface SetPasswordToken {
  id: number;
  userId: number;
  purpose: LinkPurpose;
  expiresAt: Date;
  usedAt: Date | null;
}

/**
 * Stores a new link's token by its SHA-256 (the token itself is only ever in the link), and retires the
 * user's earlier unused links: only the newest one works.
 */
export async function insertSetPasswordToken(db: Db, token: { userId: number; tokenHash: string; purpose: LinkPurpose; createdAt: Date; expiresAt: Date }): Promise<void> {
  await db.transaction(async (trx) => {
    await trx('set_password_tokens').where({ user_id: token.userId }).whereNull('used_at').where('expires_at', '>', token.createdAt.toISOString()).update({ expires_at: token.createdAt.toISOString() });
    await trx('set_password_tokens').insert({
      user_id: token.userId,
      token_hash: token.tokenHash,
      purpose: token.purpose,
      created_at: token.createdAt.toISOString(),
      expires_at: token.expiresAt.toISOString(),
    });
  });
}

export async function findSetPasswordToken(db: Db, tokenHash: string): Promise<SetPasswordToken | undefined> {
  const row = await db('set_password_tokens').where({ token_hash: tokenHash }).first();
  if (!row) return undefined;
  return { id: row.id, userId: row.user_id, purpose: row.purpose, expiresAt: new Date(row.expires_at), usedAt: row.used_at ? new Date(row.used_at) : null };
}

/**
 * Uses a link and sets the password in one transaction, if the link is still unused and unexpired at
 * `now` (a compare-and-set: of two tabs posting the same link, one wins). True when it was used here.
 */
export async function useSetPasswordToken(db: Db, tokenId: number, now: Date, setPassword: (trx: Db, userId: number) => Promise<void>): Promise<boolean> {
  return db.transaction(async (trx) => {
    const row = await trx('set_password_tokens').where({ id: tokenId }).first('user_id');
    const used = await trx('set_password_tokens').where({ id: tokenId }).whereNull('used_at').where('expires_at', '>', now.toISOString()).update({ used_at: now.toISOString() });
    if (used === 0 || !row) return false;
    await setPassword(trx, row.user_id as number);
    return true;
  });
}

/**
 * Records a request for a forgotten password's link and decides on it in one transaction, as sign-in
 * attempts are (signInAttempts.ts): written first, then counted, taken back when refused.
 */
export async function recordLinkRequest<R>(
  db: Db,
  request: { username: string; clientAddress: string; at: Date; usernameSince: Date; addressSince: Date },
  refuse: (history: LinkRequestHistory) => R | undefined,
): Promise<R | undefined> {
  const username = request.username.toLowerCase();
  return db.transaction(async (trx) => {
    if (isPostgres(trx)) {
      await trx.raw('SELECT pg_advisory_xact_lock(?, hashtext(?))', [ADVISORY_LOCK.linkRequestUsername, username]);
      await trx.raw('SELECT pg_advisory_xact_lock(?, hashtext(?))', [ADVISORY_LOCK.linkRequestAddress, request.clientAddress]);
    }
    const id = insertedId(await trx('password_link_requests').insert({ username, client_address: request.clientAddress, requested_at: request.at.toISOString() }).returning('id'));
    const count = async (column: string, value: string, since: Date) =>
      Number((await trx('password_link_requests').where(column, value).where('requested_at', '>=', since.toISOString()).whereNot('id', id).count<{ n: number }[]>({ n: '*' }).first())?.n ?? 0);
    const refused = refuse({ forUsername: await count('username', username, request.usernameSince), fromAddress: await count('client_address', request.clientAddress, request.addressSince) });
    if (refused !== undefined) await trx('password_link_requests').where({ id }).delete();
    return refused;
  });
}
