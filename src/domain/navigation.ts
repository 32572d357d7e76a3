import { isPlanRole, isReviewer } from './roles';

export interface NavigationItem {
  href: string;
  label: string;
  current: boolean;
}

export interface NavigationGroup {
  /** The group's heading, as the plan's provider-portal guide names it; none for Home. */
  heading?: string;
  items: NavigationItem[];
}

type Entry = [href: string, label: string];

/**
 * The left navigation (issue 13): what this user may use, grouped as the guide groups it. The current
 * page is the item whose address is the longest that the path starts with, so /prior-auth/status marks
 * "Prior Authorization" and /account/password marks "Update My Account", and only one item is marked.
 */
export function navigationFor(path: string, role: string | undefined): NavigationGroup[] {
  const groups: [string | undefined, Entry[]][] = [[undefined, [['/', 'Home']]]];
  const users: Entry[] = [];
  if (role === 'org_admin' || role === 'plan_admin') users.push(['/users', 'Manage Users']);
  users.push(['/account', 'Update My Account']);
  if (role === 'org_admin' || role === 'plan_admin') users.push(['/admin/audit', 'Audit log'], ['/outbox', 'Outbox']);
  if (role === 'org_admin') users.push(['/api-clients', 'API clients']);
  if (isPlanRole(role)) {
    const plan: Entry[] = [];
    if (isReviewer(role)) plan.push(['/plan/queue', 'Review queue']);
    if (role === 'plan_admin') plan.push(['/plan/announcements', 'Announcements'], ['/plan/provider-information', 'Provider information'], ['/plan/settings', 'Plan settings'], ['/prior-authorization/metrics', 'Prior authorization metrics']);
    if (plan.length > 0) groups.push(['Health plan', plan]);
  } else {
    groups.push(['Member Search', [['/member-eligibility', 'Member Eligibility']]]);
    const providers: Entry[] = [['/prior-auth', 'Prior Authorization'], ['/codes', 'Code lookup']];
    if (role === 'org_admin') providers.push(['/provider-information', 'Provider information']);
    groups.push(['Providers', providers]);
  }
  groups.push(['Users', users]);

  const matches = (href: string) => (href === '/' ? path === '/' : path === href || path.startsWith(`${href}/`));
  const current = groups
    .flatMap(([, entries]) => entries.map(([href]) => href))
    .filter(matches)
    .sort((a, b) => b.length - a.length)[0];
  return groups.map(([heading, entries]) => ({ ...(heading ? { heading } : {}), items: entries.map(([href, label]) => ({ href, label, current: href === current })) }));
}
