import fs from 'node:fs';
import path from 'node:path';
import { authorizationNotes } from '../../../src/domain/coverageLookup';
import type { CoverageRule } from '../../../src/domain/coverage';
import type { RuleSet, ServiceCategory } from '../../../src/domain/ruleSet';

const DEMO: RuleSet = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../src/seed/data/coverage-rules.json'), 'utf8'));
const TITLES = new Map(DEMO.questionnaires.map((q) => [q.id, q.title]));
const notes = (code: string, rules: CoverageRule[] = DEMO.rules, categories: ServiceCategory[] = DEMO.categories) =>
  authorizationNotes(code, rules, categories, TITLES).map((n) => `${n.careSetting}${n.categories ? ` (${n.categories.join(', ')})` : ''}: ${n.summary} [${n.ruleId ?? 'no rule'}]`);

test('72148 needs authorization outpatient under the advanced imaging questionnaire, and clinical review inpatient', () => {
  expect(notes('72148')).toEqual([
    'Outpatient (Advanced imaging): Authorization required (clinical questionnaire: Advanced imaging) [lumbar-spine-mri]',
    'Inpatient: Clinical review required [inpatient-admission-review]',
  ]);
});

test('no authorization, a unit limit, not covered, and no rule each say so', () => {
  expect(notes('99213')[0]).toBe('Outpatient: No authorization required [no-authorization-required]');
  expect(notes('97110')[0]).toBe('Outpatient (Physical, occupational and speech therapy): No authorization required up to 20 units per member per calendar year; past that, pended for clinical review [physical-therapy-visit-limit]');
  expect(notes('E0625')[0]).toBe('Outpatient: Not a covered benefit [bathroom-lift-not-covered]');
  expect(notes('E0470')[0]).toBe('Outpatient: No coverage rule: a request is pended for clinical review [no rule]');
});

test('when the categories of a setting get different answers, each answer names its categories', () => {
  const rules: CoverageRule[] = [
    { id: 'imaging-mri', codes: ['70000-79999'], categories: ['advanced-imaging'], requirement: 'questionnaire', questionnaire: 'advanced-imaging', description: 'MRI' },
    { id: 'everything-else', requirement: 'review', description: 'Review' },
  ];
  const categories: ServiceCategory[] = [
    { id: 'advanced-imaging', careSetting: 'outpatient', name: 'Advanced imaging' },
    { id: 'office-visits', careSetting: 'outpatient', name: 'Office visits' },
    { id: 'therapy', careSetting: 'outpatient', name: 'Therapy' },
    { id: 'medical-admission', careSetting: 'inpatient', name: 'Medical admission' },
  ];
  expect(notes('72148', rules, categories)).toEqual([
    'Outpatient (Advanced imaging): Authorization required (clinical questionnaire: Advanced imaging) [imaging-mri]',
    'Outpatient (Office visits, Therapy): Clinical review required [everything-else]',
    'Inpatient: Clinical review required [everything-else]',
  ]);
});
