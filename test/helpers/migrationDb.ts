import type { Db } from '../../src/db/database';
import { insertedId } from '../../src/db/results';
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

/**
 * A submitted request written with only the columns of the first schema (as one stored before later
 * migrations), for demo.provider and the first member and provider; its id.
 */
export async function insertRequestOfFirstSchema(db: Db): Promise<number> {
  const user = await db('users').where({ username: 'demo.provider' }).first();
  const member = await db('members').first();
  const provider = await db('providers').first();
  return insertedId(await db('auth_requests').insert({
    reference_number: '123456789', authorization_number: 'EPS-00000001', journey_id: 'j1', organization_id: user.organization_id, submitted_by: user.id,
    member_id: member.id, care_setting: 'outpatient', category_id: 'drug-testing', request_type: 'Drug testing', servicing_provider_id: provider.id,
    start_date: '2026-03-02', end_date: '2026-03-02', treatment_type: 'Laboratory', place_of_service: '11', contact_name: 'A', contact_phone: '1',
    contact_fax: '2', status: 'Approved', submitted_at: '2026-03-02T10:00:00.000Z',
  }).returning('id'));
}
