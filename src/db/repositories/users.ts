import type { Db } from '../database';
import type { OrganizationKind, Role } from '../../domain/roles';
import { insertedId } from '../results';
import { cached, forgetCached } from './cacheGenerations';

export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  email: string | null;
  passwordHash: string;
  organizationId: number;
  organizationName: string;
  /** Empty for the plan, which needs no NPI. */
  organizationNpi: string | null;
  organizationKind: OrganizationKind;
  phone: string | null;
  /** "E-mail me about decisions" on Update My Account; the mail path reads it. */
  emailOnDecisions: boolean;
  /** False once an administrator deactivated the user: no sign-in, no session. */
  active: boolean;
}

function toUser(row: Record<string, unknown>): UserRecord {
  return {
    id: row.id as number,
    username: row.username as string,
    displayName: row.display_name as string,
    role: row.role as UserRecord['role'],
    email: (row.email as string | null) ?? null,
    passwordHash: row.password_hash as string,
    organizationId: row.organization_id as number,
    organizationName: row.organization_name as string,
    organizationNpi: (row.organization_npi as string | null) ?? null,
    organizationKind: (row.organization_kind as OrganizationKind | undefined) ?? 'provider',
    phone: (row.phone as string | null | undefined) ?? null,
    emailOnDecisions: row.email_on_decisions === undefined ? true : Boolean(row.email_on_decisions),
    active: !row.deactivated_at,
  };
}

function usersWithOrganization(db: Db) {
  return db('users')
    .join('organizations', 'organizations.id', 'users.organization_id')
    .select('users.*', 'organizations.name as organization_name', 'organizations.npi as organization_npi', 'organizations.kind as organization_kind');
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

export async function insertOrganization(db: Db, org: { name: string; npi: string | null; kind?: OrganizationKind }): Promise<number> {
  const id = insertedId(await db('organizations').insert({ name: org.name, npi: org.npi, kind: org.kind ?? 'provider' }).returning('id'));
  forgetCached(db, 'users');
  return id;
}

/** The plan's organization, by name (a plan has no NPI). */
export async function findPlanByName(db: Db, name: string): Promise<{ id: number; name: string } | undefined> {
  return db('organizations').where({ kind: 'plan', name }).first('id', 'name');
}

export async function insertUser(
  db: Db,
  user: { organizationId: number; username: string; displayName: string; role: UserRecord['role']; passwordHash: string; email?: string | null },
): Promise<number> {
  const id = insertedId(await db('users').insert({
    organization_id: user.organizationId,
    username: user.username.toLowerCase(),
    display_name: user.displayName,
    role: user.role,
    password_hash: user.passwordHash,
    email: user.email ?? null,
    created_at: new Date().toISOString(),
  }).returning('id'));
  forgetCached(db, 'users');
  return id;
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

export interface AccountDetails {
  displayName: string;
  email: string | null;
  phone: string | null;
  emailOnDecisions: boolean;
}

/** What a user changes on Update My Account. */
export async function updateAccount(db: Db, userId: number, details: AccountDetails): Promise<void> {
  await db('users').where({ id: userId }).update({ display_name: details.displayName, email: details.email, phone: details.phone, email_on_decisions: details.emailOnDecisions });
  forgetCached(db, 'users');
}
