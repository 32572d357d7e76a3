/**
 * Who a user is: a provider office's staff, or the plan's (issue 12). A clinical reviewer (a nurse)
 * approves in full, asks for information, extends and refers; a physician reviewer makes any decision;
 * a plan administrator keeps the plan's settings and makes no clinical decision.
 */
export const PROVIDER_ROLES = ['provider', 'org_admin'] as const;
export const PLAN_ROLES = ['clinical_reviewer', 'physician_reviewer', 'plan_admin'] as const;

export type ProviderRole = (typeof PROVIDER_ROLES)[number];
export type PlanRole = (typeof PLAN_ROLES)[number];
export type Role = ProviderRole | PlanRole;

export type OrganizationKind = 'provider' | 'plan';

export function isPlanRole(role: string | undefined): role is PlanRole {
  return (PLAN_ROLES as readonly string[]).includes(role ?? '');
}

export function isRole(role: string): role is Role {
  return isPlanRole(role) || (PROVIDER_ROLES as readonly string[]).includes(role);
}

/** The plan staff who review requests (the plan administrator does not). */
export function isReviewer(role: string | undefined): role is 'clinical_reviewer' | 'physician_reviewer' {
  return role === 'clinical_reviewer' || role === 'physician_reviewer';
}

/** A reviewer's role as the office sees it: the role, never the name. */
export const REVIEWER_ROLE_NAMES: Readonly<Record<PlanRole, string>> = {
  clinical_reviewer: 'Clinical reviewer',
  physician_reviewer: 'Physician reviewer',
  plan_admin: 'Plan administrator',
};
