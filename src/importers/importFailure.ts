import { BUSY_TIMEOUT_MS } from '../db/database';
import { ReleaseRefused } from '../db/repositories/codeSets';
import { CodeFileError } from '../domain/codeFiles';
import { ImportError } from './release';

/** What SQLite's result codes mean to the person running an import (https://www.sqlite.org/rescode.html). */
const DATABASE_CAUSES: Record<string, string> = {
  SQLITE_BUSY: `the database stayed locked by another program writing to it (the portal, a backup or another import) for more than ${BUSY_TIMEOUT_MS / 1000} s; try again when it is quieter`,
  SQLITE_LOCKED: 'the database is locked by another statement of this program',
  SQLITE_FULL: 'the disk that holds the database is full',
  SQLITE_READONLY: 'the database cannot be written to (a read-only file, folder or disk)',
  SQLITE_IOERR: 'the database could not be read or written (a disk error)',
  SQLITE_CORRUPT: 'the database file is damaged',
  SQLITE_NOTADB: 'the database file is not an SQLite database',
  SQLITE_CANTOPEN: 'the database file cannot be opened',
  SQLITE_CONSTRAINT: 'the database refused a row',
};

/**
 * What PostgreSQL's SQLSTATE codes mean to the same person, by code or by class (the first two
 * characters): https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
const POSTGRES_CAUSES: Record<string, string> = {
  '55P03': `the database stayed locked by another program writing to it (the portal or another import) for more than ${BUSY_TIMEOUT_MS / 1000} s; try again when it is quieter`,
  '53100': 'the disk that holds the database is full',
  '53': 'the database server is out of resources (disk, memory or connections)',
  '25006': 'the database cannot be written to (a read-only server or transaction)',
  '08': 'the connection to the database was lost',
  '57': 'the database server stopped the import (it is shutting down, or an administrator ended it)',
  '23': 'the database refused a row',
};

/** A PostgreSQL error as node-postgres gives it: a five-character SQLSTATE and a severity. */
function postgresCode(err: unknown): string | undefined {
  const { code, severity } = (err ?? {}) as { code?: unknown; severity?: unknown };
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string' ? code : undefined;
}

/**
 * The one line an import prints when it fails: the file, the line of it when one is to blame, and the
 * cause. Never the SQL: knex puts the whole statement (for an import, megabytes of values) in front of
 * SQLite's own message, which is all that is kept of a database error.
 */
export function importFailureMessage(fileName: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  let cause: string;
  if (err instanceof ImportError || err instanceof CodeFileError || err instanceof ReleaseRefused) {
    cause = message;
  } else if (postgresCode(err)) {
    const code = postgresCode(err) ?? '';
    // knex puts the statement in front of PostgreSQL's own words, after " - ".
    const own = message.slice(message.lastIndexOf(' - ') + 3);
    const known = POSTGRES_CAUSES[code] ?? POSTGRES_CAUSES[code.slice(0, 2)] ?? 'the database refused the change';
    cause = `${known} (${code}: ${own.slice(0, 200)})`;
  } else {
    const code = (err as { code?: unknown }).code;
    const sqlite = typeof code === 'string' && code.startsWith('SQLITE_') ? code : /\b(SQLITE_[A-Z_]+)\b/.exec(message)?.[1];
    if (sqlite) {
      // SQLite's own words come last, after "<sql> - ", and start with the code.
      const own = message.slice(message.lastIndexOf(`${sqlite}:`)).replace(/^SQLITE_[A-Z_]+:\s*/, '');
      const known = DATABASE_CAUSES[sqlite] ?? DATABASE_CAUSES[sqlite.replace(/_[A-Z]+$/, '')] ?? 'the database refused the change';
      cause = `${known} (${sqlite}: ${own.slice(0, 200)})`;
    } else {
      cause = message.split('\n', 1)[0]?.slice(0, 300) ?? '';
    }
  }
  return `Nothing was imported from ${fileName}: ${cause.replace(/^Line /, 'line ').replace(/\s*\n\s*/g, '; ')}`;
}
