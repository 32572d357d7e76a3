import type { Knex } from 'knex';
import type { Db } from './database';

/**
 * Prepared statements for the few queries every page makes (its session, its journey), on SQLite.
 * knex prepares, runs and finalizes each query afresh, three trips to libuv's threads and about
 * 0.1 ms of CPU; a statement prepared once per connection and run again costs about 0.015 ms
 * (bench/portal.ts). Each connection keeps its own statements; they are finalized when the pool
 * closes the connection (src/db/database.ts), since SQLite will not close a connection with open
 * statements. Never inside a transaction: that runs on its own connection, through knex.
 */
interface Statement {
  all(params: unknown[], done: (err: Error | null, rows: Record<string, unknown>[]) => void): void;
  run(params: unknown[], done: (this: { changes: number }, err: Error | null) => void): void;
  finalize(done: () => void): void;
}
export interface SqliteConnection {
  prepare(sql: string, done: (err: Error | null) => void): Statement;
}
interface PoolClient {
  dialect: string;
  acquireConnection(): Promise<SqliteConnection>;
  releaseConnection(connection: SqliteConnection): Promise<void>;
}

/** Statements kept per connection at most: a query whose text varies without end is prepared each time. */
const MAX_STATEMENTS = 100;

const statementsOf = new WeakMap<SqliteConnection, Map<string, Statement>>();

/** True when `db` is SQLite and not a transaction: the statements below may be used. */
export function preparedStatementsApply(db: Db): boolean {
  return db.client.dialect === 'sqlite3' && !(db as Db & { isTransaction?: boolean }).isTransaction;
}

async function withStatement<T>(db: Db, sql: string, use: (statement: Statement) => Promise<T>): Promise<T> {
  const client = db.client as unknown as PoolClient;
  const connection = await client.acquireConnection();
  try {
    let statements = statementsOf.get(connection);
    if (!statements) {
      statements = new Map();
      statementsOf.set(connection, statements);
    }
    const kept = statements.get(sql);
    if (kept) return await use(kept);
    const statement = await new Promise<Statement>((resolve, reject) => {
      const prepared: Statement = connection.prepare(sql, (err) => (err ? reject(err) : resolve(prepared)));
    });
    if (statements.size < MAX_STATEMENTS) {
      statements.set(sql, statement);
      return await use(statement);
    }
    try {
      return await use(statement);
    } finally {
      await new Promise<void>((resolve) => statement.finalize(resolve));
    }
  } finally {
    await client.releaseConnection(connection);
  }
}

/** The rows of a prepared query. */
export function preparedAll(db: Db, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
  return withStatement(db, sql, (statement) => new Promise((resolve, reject) => statement.all(params, (err, rows) => (err ? reject(err) : resolve(rows)))));
}

/** The rows of a knex query, run as a prepared statement where that applies (its SQL as the key, its values bound). */
export function preparedRows(db: Db, query: Knex.QueryBuilder): Promise<Record<string, unknown>[]> {
  if (!preparedStatementsApply(db)) return query as unknown as Promise<Record<string, unknown>[]>;
  const { sql, bindings } = query.toSQL().toNative();
  return preparedAll(db, sql, [...bindings]);
}

/** Runs a prepared change; resolves with the number of rows changed. */
export function preparedRun(db: Db, sql: string, params: unknown[]): Promise<number> {
  return withStatement(
    db,
    sql,
    (statement) =>
      new Promise((resolve, reject) =>
        statement.run(params, function (err) {
          if (err) reject(err);
          else resolve(this.changes);
        }),
      ),
  );
}

/** Finalizes a connection's statements, before the connection is closed. */
export async function finalizeStatements(connection: SqliteConnection): Promise<void> {
  const statements = statementsOf.get(connection);
  statementsOf.delete(connection);
  await Promise.all([...(statements?.values() ?? [])].map((s) => new Promise<void>((resolve) => s.finalize(resolve))));
}
