import { navigationFor } from '../../../src/domain/navigation';

const labels = (path: string, role: string) => navigationFor(path, role).map((g) => [g.heading ?? '', g.items.map((i) => `${i.label}${i.current ? '*' : ''}`)]);

test('an office user: Member Search, Providers and Users, the one current page starred', () => {
  expect(labels('/prior-auth/newborn', 'provider')).toEqual([
    ['', ['Home']],
    ['Member Search', ['Member Eligibility']],
    ['Providers', ['Prior Authorization*', 'Code lookup']],
    ['Users', ['Update My Account']],
  ]);
});

test('an organization administrator also confirms provider information, manages users, reads the audit log and the outbox', () => {
  expect(labels('/users/3', 'org_admin').slice(-2)).toEqual([['Providers', ['Prior Authorization', 'Code lookup', 'Provider information']], ['Users', ['Manage Users*', 'Update My Account', 'Audit log', 'Outbox', 'API clients']]]);
});

test("the plan's pages for plan users: reviewers the Review queue; the administrator announcements, provider information, settings, metrics, users, audit log and outbox", () => {
  expect(labels('/', 'clinical_reviewer')).toEqual([['', ['Home*']], ['Health plan', ['Review queue']], ['Users', ['Update My Account']]]);
  expect(labels('/plan/announcements/new', 'plan_admin')).toEqual([['', ['Home']], ['Health plan', ['Announcements*', 'Provider information', 'Plan settings', 'Prior authorization metrics']], ['Users', ['Manage Users', 'Update My Account', 'Audit log', 'Outbox']]]);
});

test('the longest matching address is the current one: Change password is under Update My Account', () => {
  expect(navigationFor('/account/password', 'provider').flatMap((g) => g.items).filter((i) => i.current).map((i) => i.label)).toEqual(['Update My Account']);
  expect(navigationFor('/accounting', 'provider').flatMap((g) => g.items).filter((i) => i.current)).toEqual([]);
});
