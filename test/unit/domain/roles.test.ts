import { isPlanRole, isReviewer, isRole, REVIEWER_ROLE_NAMES } from '../../../src/domain/roles';

test('plan roles, reviewers and the names the office is shown', () => {
  expect(['provider', 'org_admin', 'clinical_reviewer', 'physician_reviewer', 'plan_admin', 'nurse'].map(isRole)).toEqual([true, true, true, true, true, false]);
  expect(['provider', 'org_admin', 'clinical_reviewer', 'physician_reviewer', 'plan_admin'].map(isPlanRole)).toEqual([false, false, true, true, true]);
  // The plan administrator makes no clinical decisions.
  expect(['clinical_reviewer', 'physician_reviewer', 'plan_admin', undefined].map(isReviewer)).toEqual([true, true, false, false]);
  expect(REVIEWER_ROLE_NAMES.physician_reviewer).toBe('Physician reviewer');
});
