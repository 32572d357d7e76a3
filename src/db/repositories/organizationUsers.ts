import type { Db } from '../database';
import { isPostgres } from '../dialect';
import { insertedId } from '../results';
import { forgetCached } from './cacheGenerations';
import type { Role } from '../../domain/roles';

export interface OrganizationUser {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  active: boolean;
  /** The last successful sign-in, from the audit log; null when never. */
  lastSignInAt: string | null;
}

/** An organization's users by name, each with their last sign-in (the audit log's latest "sign-in"). */
export async function listOrganizationUsers(db: Db, organizationId: number): Promise<OrganizationUser[]> {
  const lastSignIn = db('audit_log').where('action', 'sign-in').groupBy('user_id').select('user_id').max({ at: 'occurred_at' }).as('s');
  const rows = await db('users as u')
    .leftJoin(lastSignIn, 's.user_id', 'u.id')
    .where('u.organization_id', organizationId)
    .orderBy([{ column: 'u.display_name' }, { column: 'u.username' }])
    .select('u.id', 'u.username', 'u.display_name', 'u.email', 'u.role', 'u.deactivated_at', 's.at as last_sign_in_at');
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    email: r.email ?? null,
    role: r.role,
    active: !r.deactivated_at,
    lastSignInAt: r.last_sign_in_at ?? null,
  }));
}

export async function findOrganizationUser(db: Db, organizationId: number, userId: number): Promise<OrganizationUser | undefined> {
  return (await listOrganizationUsers(db, organizationId)).find((u) => u.id === userId);
}

export type UserChange = { role: Role } | { active: boolean };

/**
 * Changes one user of the organization, in one transaction that also counts the organization's active
 * administrators after the change; `refuse` sees that count and may take the change back. The
 * organization's row is locked first (PostgreSQL; SQLite's transactions already queue, src/db/database.ts),
 * so two administrators demoting each other at once cannot both succeed and leave none.
 */
export async function changeOrganizationUser<R>(
  db: Db,
  organizationId: number,
  userId: number,
  change: UserChange,
  administratorRole: Role,
  refuse: (activeAdministratorsAfter: number) => R | undefined,
  at: Date,
): Promise<{ refused: R } | { changed: boolean }> {
  try {
    return await db.transaction(async (trx) => {
      if (isPostgres(trx)) await trx('organizations').where({ id: organizationId }).forUpdate().first('id');
      const columns = 'role' in change ? { role: change.role } : { deactivated_at: change.active ? null : at.toISOString() };
      const changed = await trx('users').where({ id: userId, organization_id: organizationId }).update(columns);
      const row = await trx('users').where({ organization_id: organizationId, role: administratorRole }).whereNull('deactivated_at').count<{ n: number }[]>({ n: '*' }).first();
      const refused = refuse(Number(row?.n ?? 0));
      // Thrown, so the transaction is rolled back: the change never happened.
      if (refused !== undefined) throw new Refused(refused);
      return { changed: changed > 0 };
    });
  } catch (err) {
    if (err instanceof Refused) return { refused: err.value as R };
    throw err;
  } finally {
    forgetCached(db, 'users');
  }
}

class Refused extends Error {
  constructor(readonly value: unknown) {
    super('The change was refused');
  }
}

/** Adds a user who has no password yet: they set one from their link (the stored hash matches nothing). */
export async function insertInvitedUser(db: Db, user: { organizationId: number; username: string; displayName: string; email: string; role: Role }, at: Date): Promise<number | 'username-taken'> {
  const username = user.username.toLowerCase();
  return db.transaction(async (trx) => {
    if (await trx('users').where({ username }).first('id')) return 'username-taken' as const;
    const id = insertedId(
      await trx('users')
        .insert({ organization_id: user.organizationId, username, display_name: user.displayName, email: user.email, role: user.role, password_hash: '!invited', created_at: at.toISOString() })
        .returning('id'),
    );
    forgetCached(db, 'users');
    return id;
  });
}
