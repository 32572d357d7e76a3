import type { Db } from '../../src/db/database';

/** A `sessions` row's data: JSON text on SQLite, already parsed from PostgreSQL's json column. */
export function sessionData(sess: unknown): Record<string, unknown> {
  return (typeof sess === 'string' ? JSON.parse(sess) : sess) as Record<string, unknown>;
}

/** The stored session rows (as they are, for writing back) of one signed-in user. */
export async function sessionRowsOfUser(db: Db, userId: number): Promise<Record<string, unknown>[]> {
  const rows = (await db('sessions').select()) as Record<string, unknown>[];
  return rows.filter((row) => sessionData(row.sess).userId === userId);
}
