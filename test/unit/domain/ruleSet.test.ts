import fs from 'node:fs';
import path from 'node:path';
import { assessLine, DISCLAIMERS, submitBlockers, type AssessmentInputs } from '../../../src/domain/coverage';
import { parseRuleSet, RuleSetError, type RuleSet } from '../../../src/domain/ruleSet';

const DEMO: RuleSet = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../src/seed/data/coverage-rules.json'), 'utf8'));

function problemsOf(data: unknown): string[] {
  try {
    parseRuleSet(data);
  } catch (err) {
    if (err instanceof RuleSetError) return err.problems;
    throw err;
  }
  return [];
}

test('the demo rules file is valid and reads back as it is', () => {
  expect(parseRuleSet(DEMO)).toEqual(DEMO);
});

describe('the demo rules, evaluated', () => {
  const inputs = (careSetting: 'inpatient' | 'outpatient', categoryId: string): AssessmentInputs => ({
    rules: DEMO.rules,
    context: { careSetting, categoryId },
    unitsUsed: () => 0,
    criteriaMetFor: () => undefined,
  });

  test('E0625, a bathroom lift, is not a covered benefit: the line cannot be submitted', () => {
    const a = assessLine({ code: 'E0625', units: 1, fromDate: '2026-03-02' }, inputs('outpatient', 'durable-medical-equipment'));
    expect(a.outcome).toEqual({ kind: 'not-covered' });
    expect(a.disclaimer).toBe(DISCLAIMERS.notCovered);
    expect(submitBlockers([{ code: 'E0625', assessment: a }])).toEqual(['E0625 is not a covered benefit: remove it before you submit the request']);
  });

  test('inpatient, the first rule applies to every code, E0625 included', () => {
    expect(assessLine({ code: 'E0625', units: 1, fromDate: '2026-03-02' }, inputs('inpatient', 'medical-admission')).rule?.id).toBe('inpatient-admission-review');
  });

  test('72148 outpatient needs the advanced imaging questionnaire', () => {
    const a = assessLine({ code: '72148', units: 1, fromDate: '2026-03-02' }, inputs('outpatient', 'advanced-imaging'));
    expect(a.outcome).toEqual({ kind: 'needs-documentation', questionnaireId: 'advanced-imaging' });
  });
});

describe('problems are named by where they are in the file', () => {
  const withRule = (rule: object) => ({ ...DEMO, rules: [...DEMO.rules, rule] });

  test('a missing or misspelt field', () => {
    expect(problemsOf({ ...DEMO, version: undefined })).toEqual(['version: is required']);
    expect(problemsOf(withRule({ id: 'x', description: 'x', requirement: 'sometimes' }))).toEqual([`rules[${DEMO.rules.length}].requirement: must be one of [none, questionnaire, review, not-covered]`]);
    expect(problemsOf(withRule({ id: 'x', description: 'x', requirement: 'none', codes: ['7214 8'] }))).toEqual([`rules[${DEMO.rules.length}].codes[0]: must be a code (72148) or a range of codes (80320-80377)`]);
  });

  test('two rules with one id', () => {
    expect(problemsOf(withRule({ id: 'cpap-device', description: 'again', requirement: 'none' }))[0]).toMatch(/^rules\[\d+\]: contains a duplicate value$/);
  });

  test('references to what the file does not have', () => {
    const n = DEMO.rules.length;
    expect(problemsOf(withRule({ id: 'x', description: 'x', requirement: 'questionnaire', questionnaire: 'mri', categories: ['imaging'] }))).toEqual([
      `rules[${n}] (x): questionnaire "mri" is not one of the questionnaires in the file`,
      `rules[${n}] (x): category "imaging" is not one of the categories in the file`,
    ]);
    expect(problemsOf(withRule({ id: 'x', description: 'x', requirement: 'questionnaire' }))).toEqual([`rules[${n}] (x): a questionnaire rule needs "questionnaire"`]);
    expect(problemsOf(withRule({ id: 'x', description: 'x', requirement: 'review', unitLimit: { units: 5, per: 'calendar-year' } }))).toEqual([`rules[${n}] (x): a unit limit is only for a rule whose requirement is none`]);
    expect(problemsOf(withRule({ id: 'x', description: 'x', requirement: 'none', codes: ['80377-80320'] }))).toEqual([`rules[${n}] (x): the range 80377-80320 must run from a lower to a higher code of the same length`]);
  });

  test('a questionnaire whose enableWhen or criteria name a question it does not ask before', () => {
    const questionnaire = {
      id: 'knee-mri',
      title: 'Knee MRI',
      items: [
        { linkId: 'injury', text: 'Was there an injury?', type: 'boolean', required: true },
        { linkId: 'injury-date', text: 'When?', type: 'date', enableWhen: [{ question: 'injury', operator: '=', answer: true }] },
        { linkId: 'swelling', text: 'Swelling?', type: 'boolean', enableWhen: [{ question: 'locking', operator: '=', answer: true }] },
        { linkId: 'locking', text: 'Does the knee lock?', type: 'choice' },
      ],
      criteria: { any: [{ question: 'injury', equals: true }, { question: 'x-ray', equals: true }] },
    };
    expect(problemsOf({ ...DEMO, questionnaires: [...DEMO.questionnaires, questionnaire] })).toEqual([
      'questionnaires[4] (knee-mri).items[2] (swelling): enableWhen refers to "locking", which is not an earlier question',
      'questionnaires[4] (knee-mri).items[3] (locking): a choice question needs answerOption',
      'questionnaires[4] (knee-mri).criteria refers to "x-ray", which is not a question of knee-mri',
    ]);
  });

  test('an effective date that is not a date', () => {
    expect(problemsOf({ ...DEMO, effectiveDate: '2026-02-30' })).toEqual(['effectiveDate: "2026-02-30" is not a date as YYYY-MM-DD']);
  });
});
