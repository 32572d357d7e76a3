import { administratorRole, canManageUsers, lastAdministratorProblem, rolesFor, USERNAME_PATTERN } from '../../../src/domain/userAdministration';

test("each kind of organization has its own administrator and roles", () => {
  expect([administratorRole('provider'), administratorRole('plan')]).toEqual(['org_admin', 'plan_admin']);
  expect(rolesFor('provider')).toEqual(['provider', 'org_admin']);
  expect(rolesFor('plan')).toEqual(['clinical_reviewer', 'physician_reviewer', 'plan_admin']);
  expect(['org_admin', 'plan_admin', 'provider', 'clinical_reviewer', undefined].map(canManageUsers)).toEqual([true, true, false, false, false]);
});

test('a change that leaves no active administrator is refused, by name', () => {
  expect(lastAdministratorProblem(1, 'Alex')).toBeUndefined();
  expect(lastAdministratorProblem(0, 'Alex')).toBe("Alex is the organization's last active administrator. Make another user an administrator first.");
});

test('usernames', () => {
  expect(['dana.provider', 'a_b-c', 'x12'].every((u) => USERNAME_PATTERN.test(u))).toBe(true);
  expect(['ab', '.dana', 'Dana Provider', 'dana@clinic', 'a'.repeat(51)].some((u) => USERNAME_PATTERN.test(u))).toBe(false);
});
