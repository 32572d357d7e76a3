import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, type Db } from '../../src/db/database';
import { isPostgres } from '../../src/db/dialect';
import { freshTestDatabase } from './testDatabase';

export interface CodeDb {
  db: Db;
  /** The database's file (SQLite) or address (PostgreSQL), for a test that opens a second connection. */
  location: string;
  dir: string;
  /** Writes a fixture file into the test's folder and returns its path. */
  write(name: string, text: string | Buffer): string;
  close(): Promise<void>;
}

/** A fresh, migrated, empty database (no demo data) and a temporary folder for its files, for importer tests. */
export async function openCodeDb(): Promise<CodeDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-codes-'));
  const database = await freshTestDatabase();
  const db = database.db;
  await migrateToLatest(db);
  return {
    db,
    location: database.location,
    dir,
    write(name, text) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    },
    async close() {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One line of the CDC/NCHS ICD-10-CM codes file: the code padded to 7 columns, a space, the description. */
export function icdLine(code: string, description: string): string {
  return `${code.padEnd(7)} ${description}`;
}

/** Every code row of a system, in a stable order: what a re-import must leave exactly as it was. */
export async function codeRows(db: Db, system: string): Promise<Record<string, unknown>[]> {
  return db('codes').where({ system }).orderBy('code').select('id', 'code', 'compact', 'description', 'billable', 'effective_from', 'effective_to');
}

/**
 * Makes the database refuse, with `message`, every row inserted into `table` for which `when` (an SQL
 * condition on NEW) holds: a failure in the middle of an import's writes, as a full disk would be.
 */
export async function refuseRows(db: Db, table: string, when: string, message: string): Promise<void> {
  if (isPostgres(db)) {
    await db.raw(`CREATE FUNCTION refuse_${table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$`);
    await db.raw(`CREATE TRIGGER refuse_${table} BEFORE INSERT ON ${table} FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION refuse_${table}()`);
  } else {
    await db.raw(`CREATE TRIGGER refuse_${table} BEFORE INSERT ON ${table} WHEN ${when} BEGIN SELECT RAISE(ABORT, '${message}'); END`);
  }
}
