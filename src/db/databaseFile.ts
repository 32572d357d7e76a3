import sqlite3 from 'sqlite3';

/**
 * Checks on a database file as a whole, outside the portal's connection pool: is another program
 * using it, is a backup sound, what does it hold. They use the driver directly, one connection each,
 * since they need connection settings (exclusive locking, read-only) the pool never uses.
 */

function open(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(db)));
  });
}

function exec(db: sqlite3.Database, sql: string): Promise<void> {
  return new Promise((resolve, reject) => db.exec(sql, (err) => (err ? reject(err) : resolve())));
}

function all<T>(db: sqlite3.Database, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) => db.all(sql, (err, rows) => (err ? reject(err) : resolve(rows as T[]))));
}

function close(db: sqlite3.Database): Promise<void> {
  return new Promise((resolve) => db.close(() => resolve()));
}

/**
 * Takes the database for this process alone, or says it cannot: every connection to a WAL database
 * (the portal's pool, an import, a backup, the sqlite3 shell) holds a shared lock on the file for as
 * long as it is open, so an exclusive lock is granted only when no other program has it open. That
 * holds after a crash too: the operating system drops a dead process's locks, unlike a pid file.
 * When granted, the WAL is copied into the database file (checkpoint) before the lock is let go, so
 * the file alone holds every committed change. Returns false when the database is in use.
 */
export async function checkpointIfUnused(file: string): Promise<boolean> {
  const db = await open(file, sqlite3.OPEN_READWRITE);
  try {
    await exec(db, 'PRAGMA busy_timeout = 0; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;');
  } catch (err) {
    await close(db);
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw err;
  }
  try {
    await exec(db, 'PRAGMA wal_checkpoint(TRUNCATE);');
  } finally {
    await close(db);
  }
  return true;
}

/** SQLite's own check of every page and index (PRAGMA integrity_check): [] when sound, else its findings. */
export async function integrityProblems(file: string): Promise<string[]> {
  let db: sqlite3.Database;
  try {
    db = await open(file, sqlite3.OPEN_READONLY);
  } catch (err) {
    return [(err as Error).message];
  }
  try {
    const rows = await all<{ integrity_check: string }>(db, 'PRAGMA integrity_check');
    const findings = rows.map((r) => r.integrity_check);
    return findings.length === 1 && findings[0] === 'ok' ? [] : findings;
  } catch (err) {
    return [(err as Error).message];
  } finally {
    await close(db);
  }
}

export interface DatabaseContents {
  /** The newest schema change the database has (a knex migration's name); undefined: not OpenPA's. */
  latestMigration: string | undefined;
  users: number;
  requests: number;
  newbornNotifications: number;
  /** The stored names of the uploaded files its attachments refer to. */
  attachmentFiles: string[];
}

/** What an OpenPA database holds, read without changing it. */
export async function contentsOf(file: string): Promise<DatabaseContents> {
  const db = await open(file, sqlite3.OPEN_READONLY);
  try {
    const tables = new Set((await all<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table'")).map((t) => t.name));
    const count = async (table: string) => (tables.has(table) ? ((await all<{ n: number }>(db, `SELECT count(*) AS n FROM ${table}`))[0]?.n ?? 0) : 0);
    const latest = tables.has('knex_migrations') ? (await all<{ name: string }>(db, 'SELECT name FROM knex_migrations ORDER BY id DESC LIMIT 1'))[0]?.name : undefined;
    return {
      latestMigration: tables.has('users') ? latest : undefined,
      users: await count('users'),
      requests: await count('auth_requests'),
      newbornNotifications: await count('newborn_notifications'),
      attachmentFiles: tables.has('attachments') ? (await all<{ stored_name: string }>(db, 'SELECT stored_name FROM attachments')).map((r) => r.stored_name) : [],
    };
  } finally {
    await close(db);
  }
}
