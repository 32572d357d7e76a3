import { DEFAULT_PLAN_RULES, describePlanRules, parsePlanRules, planRulesFrom } from '../../../src/domain/planSettings';

describe("the plan's settings", () => {
  test('stored text becomes the settings; what is missing or unreadable is the default', () => {
    expect(planRulesFrom({})).toEqual({ partialApprovals: 'as-approved', reconsiderationDays: 60 });
    expect(planRulesFrom({ partialApprovals: 'as-denied', reconsiderationDays: '30' })).toEqual({ partialApprovals: 'as-denied', reconsiderationDays: 30 });
    expect(planRulesFrom({ partialApprovals: 'sometimes', reconsiderationDays: '0' })).toEqual(DEFAULT_PLAN_RULES);
    expect(planRulesFrom({ reconsiderationDays: '366' }).reconsiderationDays).toBe(60);
  });

  test('as typed: 1 to 365 whole days, and one of the two ways of counting partial approvals', () => {
    expect(parsePlanRules({ partialApprovals: 'as-denied', reconsiderationDays: ' 365 ' })).toEqual({ rules: { partialApprovals: 'as-denied', reconsiderationDays: 365 }, problems: [] });
    expect(parsePlanRules({ partialApprovals: 'as-approved', reconsiderationDays: '1' }).problems).toEqual([]);
    expect(parsePlanRules({ partialApprovals: '', reconsiderationDays: '' }).problems).toEqual([
      { field: 'partialApprovals', message: 'Select how partial approvals count in the metrics' },
      { field: 'reconsiderationDays', message: 'Enter the reconsideration window in days' },
    ]);
    for (const days of ['0', '366', '9999']) expect(parsePlanRules({ partialApprovals: 'as-approved', reconsiderationDays: days }).problems).toEqual([{ field: 'reconsiderationDays', message: 'The reconsideration window must be between 1 and 365 days' }]);
    for (const days of ['60.5', 'sixty', '-1', '1e2']) expect(parsePlanRules({ partialApprovals: 'as-approved', reconsiderationDays: days }).problems).toEqual([{ field: 'reconsiderationDays', message: 'Enter the reconsideration window as a whole number of days, like 60' }]);
  });

  test('described in a few words for the audit log', () => {
    expect(describePlanRules({ partialApprovals: 'as-denied', reconsiderationDays: 30 })).toBe('partial approvals count as denied; reconsideration within 30 days');
  });
});
