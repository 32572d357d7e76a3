import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { migrationSource } from './migrationSource';
import { finalizeStatements, type SqliteConnection } from './sqliteStatements';

export type Db = Knex;

interface RawSqliteConnection {
  run(sql: string, cb: (err: Error | null) => void): void;
}

/** How long a statement waits for another connection's write lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

/*
 * knex begins every SQLite transaction with a plain (deferred) BEGIN and has no option for another
 * kind. A deferred transaction that reads first and writes later cannot wait for the write lock: if
 * another connection writes meanwhile, SQLite answers SQLITE_BUSY at once, without calling the busy
 * handler, since waiting could deadlock (https://www.sqlite.org/lang_transaction.html#immediate and
 * https://www.sqlite.org/c3ref/busy_handler.html). Every transaction in OpenPA writes, so each one
 * takes the write lock up front with BEGIN IMMEDIATE, which does wait for busy_timeout. Nested
 * transactions are savepoints and are left as they are. knex accepts a client class for this.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- knex's dialect classes have no type declarations
const SqliteClient = require('knex/lib/dialects/sqlite3') as typeof Knex.Client;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const SqliteTransaction = require('knex/lib/dialects/sqlite3/execution/sqlite-transaction') as new (...args: unknown[]) => { query(conn: unknown, sql: string): Promise<unknown> };

class ImmediateTransaction extends SqliteTransaction {
  begin(conn: unknown): Promise<unknown> {
    return this.query(conn, 'BEGIN IMMEDIATE;');
  }
}

class SqliteWriteFirstClient extends SqliteClient {
  override transaction(...args: unknown[]): Knex.Transaction {
    return new ImmediateTransaction(this, ...args) as unknown as Knex.Transaction;
  }

  /** SQLite closes no connection with statements still prepared (src/db/sqliteStatements.ts). */
  override async destroyRawConnection(connection: SqliteConnection): Promise<void> {
    await finalizeStatements(connection);
    return super.destroyRawConnection(connection);
  }
}

/**
 * Opens the SQLite database. A few connections, so that reads run side by side on libuv's threads
 * (one connection made every query of every request wait in one line: bench/portal.ts showed the
 * process idle two thirds of the time). WAL lets readers carry on during a write and survives a crash;
 * SQLite still has one writer at a time, and busy_timeout makes a second writer wait its turn rather
 * than fail. Foreign keys are off by default in SQLite, so they are switched on for every connection.
 */
export function openDatabase(filename: string, options: { busyTimeoutMs?: number } = {}): Db {
  if (filename !== ':memory:') {
    fs.mkdirSync(path.dirname(filename), { recursive: true, mode: 0o700 });
    // Health information: the database (and so its -wal and -shm files, which SQLite creates with the
    // same permissions) is readable by the portal's own user only.
    fs.closeSync(fs.openSync(filename, 'a', 0o600));
    fs.chmodSync(filename, 0o600);
  }
  return knexFactory({
    client: SqliteWriteFirstClient,
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 4,
      afterCreate(conn: RawSqliteConnection, done: (err: Error | null, conn: RawSqliteConnection) => void) {
        const pragmas = ['PRAGMA journal_mode = WAL', 'PRAGMA foreign_keys = ON', `PRAGMA busy_timeout = ${options.busyTimeoutMs ?? BUSY_TIMEOUT_MS}`, 'PRAGMA synchronous = NORMAL'];
        const next = (i: number): void => {
          const sql = pragmas[i];
          if (sql === undefined) return done(null, conn);
          conn.run(sql, (err) => (err ? done(err, conn) : next(i + 1)));
        };
        next(0);
      },
    },
  });
}

export async function migrateToLatest(db: Db): Promise<void> {
  await db.migrate.latest({ migrationSource });
}
