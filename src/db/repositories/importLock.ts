import type { Knex } from 'knex';
import type { Db } from '../database';
import { isPostgres } from '../dialect';

/**
 * The key of the PostgreSQL advisory lock every import holds: any fixed number, the same in every
 * portal process and command ("OPA" and 1 in ASCII, to be recognisable in pg_locks).
 */
export const IMPORT_LOCK_KEY = 0x4f504101;

/**
 * Runs an import in one transaction that takes the import lock before it reads anything, so two
 * imports (two commands, or a command and the seed) never interleave: the second waits for the first
 * to commit and then plans against what it wrote. On SQLite every transaction begins IMMEDIATE (see
 * database.ts), which is that lock already. On PostgreSQL a transaction-level advisory lock, let go by
 * the commit or rollback itself, so a crashed import never leaves it held
 * (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS).
 */
export async function importTransaction<T>(db: Db, run: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (trx) => {
    if (isPostgres(db)) await trx.raw('SELECT pg_advisory_xact_lock(?)', [IMPORT_LOCK_KEY]);
    return run(trx);
  });
}
