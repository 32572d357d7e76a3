import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import pg from 'pg';
import { migrationSource } from './migrationSource';
import { isPostgres } from './dialect';
import { ADVISORY_LOCK } from './advisoryLocks';
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

/** A PostgreSQL address (DATABASE_URL) rather than a SQLite file name. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

/*
 * PostgreSQL's count(*) and sum() of integers are bigint, which node-postgres hands back as strings (a
 * bigint may not fit in a JavaScript number). OpenPA's counts and sums are small: numbers, as SQLite gives.
 */
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number.parseInt(value, 10));

/**
 * Opens the portal's database: PostgreSQL when `location` is a postgres:// address (DATABASE_URL, for a
 * plan running several processes), else the SQLite file at that path.
 */
export function openDatabase(location: string, options: { busyTimeoutMs?: number } = {}): Db {
  if (isPostgresUrl(location)) return openPostgres(location);
  return openSqlite(location, options);
}

/**
 * PostgreSQL: each process keeps a pool of connections. Transactions are PostgreSQL's own (READ
 * COMMITTED); where OpenPA relies on SQLite's one-writer-at-a-time, the repository takes a row or
 * advisory lock itself (signInAttempts.ts) or the write is one compare-and-set statement (journeys.ts).
 */
function openPostgres(url: string): Db {
  const db = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 10 } });
  dropNulCharacters(Object.getPrototypeOf(db.client) as BindingsClient);
  return db;
}

interface BindingsClient {
  prepBindings(bindings: unknown): unknown;
  openpaDropsNul?: true;
}

/*
 * PostgreSQL's text cannot hold U+0000 and refuses the whole statement ("invalid byte sequence"),
 * where SQLite keeps it. No keyboard types one, so a NUL sent in a form is dropped rather than made a
 * 500. Set on knex's PostgreSQL client class, since a transaction's client is a new object of that
 * class (a subclass given as `client` would change knex's config.client, which isPostgres reads).
 */
function dropNulCharacters(pgClient: BindingsClient): void {
  if (pgClient.openpaDropsNul) return;
  const prepBindings = pgClient.prepBindings;
  pgClient.prepBindings = function (this: unknown, bindings: unknown) {
    const prepared = prepBindings.call(this, bindings);
    return Array.isArray(prepared) ? prepared.map((b: unknown) => (typeof b === 'string' && b.includes('\u0000') ? b.replaceAll('\u0000', '') : b)) : prepared;
  };
  pgClient.openpaDropsNul = true;
}

/**
 * Opens the SQLite database. A few connections, so that reads run side by side on libuv's threads
 * (one connection made every query of every request wait in one line: bench/portal.ts showed the
 * process idle two thirds of the time). WAL lets readers carry on during a write and survives a crash;
 * SQLite still has one writer at a time, and busy_timeout makes a second writer wait its turn rather
 * than fail. Foreign keys are off by default in SQLite, so they are switched on for every connection.
 */
function openSqlite(filename: string, options: { busyTimeoutMs?: number }): Db {
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

/**
 * Runs `prepare` (migrate, seed an empty database) in one portal process at a time. Several processes
 * started together on one PostgreSQL would otherwise race: knex refuses a second migration while one
 * holds its lock table ("Migration table is already locked"), and two could seed the same demo rows.
 * The others wait on an advisory lock held by a transaction, then find the work done. On SQLite the
 * processes share one file on one machine, and a second start simply finds the database migrated.
 */
export async function oneProcessAtATime<T>(db: Db, prepare: () => Promise<T>): Promise<T> {
  if (!isPostgres(db)) return prepare();
  return db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?, 0)', [ADVISORY_LOCK.startup]);
    return prepare();
  });
}

/** Where the database is, for a log line: the SQLite file, or the PostgreSQL address without its password. */
export function describeLocation(location: string): string {
  if (!isPostgresUrl(location)) return location;
  const url = new URL(location);
  if (url.password) url.password = '***';
  return url.toString();
}
