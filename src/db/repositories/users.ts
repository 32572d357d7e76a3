import type { Db } from '../database';
import { cached, forgetCached } from './cacheGenerations';

export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  role: 'provider' | 'org_admin';
  passwordHash: string;
  organizationId: number;
  organizationName: string;
  organizationNpi: string;
}

function toUser(row: Record<string, unknown>): UserRecord {
  return {
    id: row.id as number,
    username: row.username as string,
    displayName: row.display_name as string,
    role: row.role as UserRecord['role'],
    passwordHash: row.password_hash as string,
    organizationId: row.organization_id as number,
    organizationName: row.organization_name as string,
    organizationNpi: row.organization_npi as string,
  };
}

function usersWithOrganization(db: Db) {
  return db('users')
    .join('organizations', 'organizations.id', 'users.organization_id')
    .select('users.*', 'organizations.name as organization_name', 'organizations.npi as organization_npi');
}

export async function findUserByUsername(db: Db, username: string): Promise<UserRecord | undefined> {
  const row = await usersWithOrganization(db).where('users.username', username.trim().toLowerCase()).first();
  return row ? toUser(row) : undefined;
}

/** Kept in memory between requests until users or organizations change (cacheGenerations.ts). */
export async function findUserById(db: Db, id: number): Promise<UserRecord | undefined> {
  return cached(db, 'users', id, async () => {
    const row = await usersWithOrganization(db).where('users.id', id).first();
    return row ? toUser(row) : undefined;
  });
}

export async function insertOrganization(db: Db, org: { name: string; npi: string }): Promise<number> {
  const [id] = await db('organizations').insert(org);
  forgetCached(db, 'users');
  return id as number;
}

export async function insertUser(
  db: Db,
  user: { organizationId: number; username: string; displayName: string; role: UserRecord['role']; passwordHash: string },
): Promise<number> {
  const [id] = await db('users').insert({
    organization_id: user.organizationId,
    username: user.username.toLowerCase(),
    display_name: user.displayName,
    role: user.role,
    password_hash: user.passwordHash,
    created_at: new Date().toISOString(),
  });
  forgetCached(db, 'users');
  return id as number;
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db('users').count<{ n: number }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export async function updatePassword(db: Db, userId: number, passwordHash: string): Promise<void> {
  await db('users').where({ id: userId }).update({ password_hash: passwordHash });
  forgetCached(db, 'users');
}

export async function findOrganizationByNpi(db: Db, npi: string): Promise<{ id: number; name: string; npi: string } | undefined> {
  return db('organizations').where({ npi }).first('id', 'name', 'npi');
}
