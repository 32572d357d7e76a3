import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { migrationSource } from './migrationSource';

export type Db = Knex;

interface RawSqliteConnection {
  run(sql: string, cb: (err: Error | null) => void): void;
}

/**
 * Opens the SQLite database. One connection: SQLite serialises writers anyway, and one connection
 * means a transaction never waits on another connection of ours. WAL lets readers carry on during a
 * write and survives a crash; foreign keys are off by default in SQLite, so they are switched on for
 * every connection; busy_timeout covers a backup or a second process holding a lock for a moment.
 */
export function openDatabase(filename: string): Db {
  if (filename !== ':memory:') fs.mkdirSync(path.dirname(filename), { recursive: true });
  return knexFactory({
    client: 'sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
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
