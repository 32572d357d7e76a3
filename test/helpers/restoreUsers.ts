import type { Db } from '../../src/db/database';
import { insertOrganization, insertUser } from '../../src/db/repositories/users';

/** Adds a provider user (with no password to sign in with) to a database without the demo data: a row a backup or restore must carry. */
export async function addUser(db: Db, username: string): Promise<void> {
  const organizationId = (await db('organizations').first('id'))?.id ?? (await insertOrganization(db, { name: 'Northside Family Clinic', npi: '1234567893' }));
  await insertUser(db, { organizationId, username, displayName: username, role: 'provider', passwordHash: 'not-a-real-hash' });
}
