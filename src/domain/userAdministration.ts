import { PLAN_ROLES, PROVIDER_ROLES, type OrganizationKind, type Role } from './roles';

/** Who keeps an organization's users: the office's administrator, or the plan's. */
export function administratorRole(kind: OrganizationKind): Role {
  return kind === 'plan' ? 'plan_admin' : 'org_admin';
}

export function canManageUsers(role: string | undefined): boolean {
  return role === 'org_admin' || role === 'plan_admin';
}

/** The roles a user of this kind of organization may have. */
export function rolesFor(kind: OrganizationKind): readonly Role[] {
  return kind === 'plan' ? PLAN_ROLES : PROVIDER_ROLES;
}

/** Roles as Manage Users names them. */
export const ROLE_NAMES: Readonly<Record<Role, string>> = {
  provider: 'Office staff',
  org_admin: 'Organization administrator',
  clinical_reviewer: 'Clinical reviewer',
  physician_reviewer: 'Physician reviewer',
  plan_admin: 'Plan administrator',
};

/** A username as Add user accepts it: 3 to 50 lower-case letters, digits, dots, hyphens, underscores. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,49}$/;

/**
 * Why an organization's users cannot be left as a change would leave them: every organization keeps at
 * least one active administrator, or nobody could manage its users again but from the command line.
 */
export function lastAdministratorProblem(activeAdministratorsAfter: number, displayName: string): string | undefined {
  return activeAdministratorsAfter > 0 ? undefined : `${displayName} is the organization's last active administrator. Make another user an administrator first.`;
}
