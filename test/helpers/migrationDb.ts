import type { Db } from '../../src/db/database';
import { migrationSource } from '../../src/db/migrationSource';
import { freshTestDatabase } from './testDatabase';

export interface MigrationDb {
  db: Db;
  up(): Promise<void>;
  down(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A fresh database migrated to the latest, with `prepare` run (demo data, say), then with one
 * migration taken down: a test writes rows as they were before it, then runs `up()`.
 */
export async function databaseBefore(migration: string, prepare?: (db: Db) => Promise<void>): Promise<MigrationDb> {
  const database = await freshTestDatabase();
  const db = database.db;
  await db.migrate.latest({ migrationSource });
  if (prepare) await prepare(db);
  await db.migrate.down({ migrationSource, name: migration });
  return {
    db,
    up: async () => void (await db.migrate.up({ migrationSource, name: migration })),
    down: async () => void (await db.migrate.down({ migrationSource, name: migration })),
    close: database.close,
  };
}
