import type { Knex } from 'knex';
import { BUSY_TIMEOUT_MS, type Db } from '../database';
import { ADVISORY_LOCK } from '../advisoryLocks';
import { isPostgres } from '../dialect';

/**
 * Runs an import in one transaction that takes the import lock before it reads anything, so two
 * imports (two commands, or a command and the seed) never interleave: the second waits for the first
 * to commit and then plans against what it wrote. On SQLite every transaction begins IMMEDIATE (see
 * database.ts), which is that lock already. On PostgreSQL a transaction-level advisory lock, let go by
 * the commit or rollback itself, so a crashed import never leaves it held
 * (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS). On both, an import
 * that waits longer than BUSY_TIMEOUT_MS for a lock gives up, and nothing is changed.
 */
export async function importTransaction<T>(db: Db, run: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (trx) => {
    if (isPostgres(db)) {
      // As SQLite's busy_timeout: an import that cannot have a lock in time says so rather than hang.
      await trx.raw(`SET LOCAL lock_timeout = ${BUSY_TIMEOUT_MS}`);
      await trx.raw('SELECT pg_advisory_xact_lock(?, 0)', [ADVISORY_LOCK.import]);
    }
    return run(trx);
  });
}
