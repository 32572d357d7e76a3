import type { Db } from '../database';
import type { Attempt } from '../../domain/signInLimits';

export async function recordSignInAttempt(db: Db, username: string, clientAddress: string, succeeded: boolean, at = new Date()): Promise<void> {
  await db('sign_in_attempts').insert({ username: username.toLowerCase(), client_address: clientAddress, succeeded, attempted_at: at.toISOString() });
}

export async function attemptsForUsername(db: Db, username: string, since: Date): Promise<Attempt[]> {
  const rows = await db('sign_in_attempts').where('username', username.toLowerCase()).where('attempted_at', '>=', since.toISOString()).select('succeeded', 'attempted_at');
  return rows.map((r) => ({ succeeded: Boolean(r.succeeded), at: new Date(r.attempted_at) }));
}

export async function attemptsFromAddress(db: Db, clientAddress: string, since: Date): Promise<number> {
  const row = await db('sign_in_attempts').where('client_address', clientAddress).where('attempted_at', '>=', since.toISOString()).count<{ n: number }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}
