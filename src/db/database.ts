import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { migrationSource } from './migrationSource';

export type Db = Knex;

interface RawSqliteConnection {
  run(sql: string, cb: (err: Error | null) => void): void;
}

/**
 * Opens the SQLite database. A few connections, so that reads run side by side on libuv's threads
 * (one connection made every query of every request wait in one line: bench/portal.ts showed the
 * process idle two thirds of the time). WAL lets readers carry on during a write and survives a crash;
 * SQLite still has one writer at a time, and busy_timeout makes a second writer wait its turn rather
 * than fail. Foreign keys are off by default in SQLite, so they are switched on for every connection.
 */
export function openDatabase(filename: string): Db {
  if (filename !== ':memory:') {
    fs.mkdirSync(path.dirname(filename), { recursive: true, mode: 0o700 });
    // Health information: the database (and so its -wal and -shm files, which SQLite creates with the
    // same permissions) is readable by the portal's own user only.
    fs.closeSync(fs.openSync(filename, 'a', 0o600));
    fs.chmodSync(filename, 0o600);
  }
  return knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 4,
      afterCreate(conn: RawSqliteConnection, done: (err: Error | null, conn: RawSqliteConnection) => void) {
        const pragmas = ['PRAGMA journal_mode = WAL', 'PRAGMA foreign_keys = ON', 'PRAGMA busy_timeout = 5000', 'PRAGMA synchronous = NORMAL'];
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
