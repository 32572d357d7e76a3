import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { migrateToLatest, openDatabase, type Db } from '../../src/db/database';

export interface TestDatabase {
  db: Db;
  /** The SQLite file's path, or the PostgreSQL address of this test's own database. */
  location: string;
  close(): Promise<void>;
}

/**
 * An empty database for one test file (not migrated: the caller decides how far). Without DATABASE_URL,
 * a SQLite file in a temporary folder of its own. With DATABASE_URL (`npm run test:postgres`), a new
 * database openpa_test_<random> on that cluster, dropped on close, so files running side by side never
 * see each other's rows. Its collation is "C", byte order, as SQLite compares text.
 */
export async function freshTestDatabase(): Promise<TestDatabase> {
  const clusterUrl = process.env.DATABASE_URL;
  const { location, remove } = clusterUrl ? await newClusterDatabase(clusterUrl) : newSqliteFile();
  const db = openDatabase(location);
  return {
    db,
    location,
    async close() {
      await db.destroy();
      await remove();
    },
  };
}

/** freshTestDatabase(), migrated to the latest schema (no data). */
export async function migratedTestDatabase(): Promise<TestDatabase> {
  const database = await freshTestDatabase();
  await migrateToLatest(database.db);
  return database;
}

interface NewDatabase {
  location: string;
  remove(): Promise<void>;
}

function newSqliteFile(): NewDatabase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-db-'));
  return { location: path.join(dir, 'openpa.sqlite3'), remove: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A new, empty database on the cluster of `clusterUrl` (the role needs CREATEDB); remove() drops it. */
export async function newClusterDatabase(clusterUrl: string): Promise<NewDatabase> {
  const name = `openpa_test_${crypto.randomBytes(6).toString('hex')}`;
  await onCluster(clusterUrl, `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  // FORCE: a portal process a test started may still hold a connection.
  return { location: url.toString(), remove: () => onCluster(clusterUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function onCluster(clusterUrl: string, sql: string): Promise<void> {
  const admin = knexFactory({ client: 'pg', connection: clusterUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(sql);
  } finally {
    await admin.destroy();
  }
}
