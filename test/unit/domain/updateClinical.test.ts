import { newVersionLines, type CurrentLine, type LineChange } from '../../../src/domain/authorizationUpdate';
import type { CoverageRule } from '../../../src/domain/coverage';
import { assessUpdatedLines, clinicalAfterRemoval, type GivenClinical, type StoredClinical } from '../../../src/domain/updateClinical';

const RULES: CoverageRule[] = [
  { id: 'mri', description: 'MRI asks its questions', codes: ['72148'], requirement: 'questionnaire', questionnaire: 'imaging' },
  { id: 'therapy', description: 'Therapy up to 20 units', codes: ['97110'], requirement: 'none', unitLimit: { units: 20, per: 'calendar-year' } },
];
const context = { careSetting: 'outpatient' as const, categoryId: 'imaging' };
const line = (n: number, code: string, status = 'Pended'): CurrentLine => ({ lineNumber: n, code, units: 1, fromDate: '2026-10-01', toDate: '2026-12-31', status });

function assess(lines: CurrentLine[], changes: Record<string, LineChange>, added: { code: string }[], stored: StoredClinical[] = [], given: Record<string, GivenClinical> = {}) {
  const planned = newVersionLines(lines, changes, added.map((a) => ({ ...a, system: 'CPT', units: 1 })));
  return assessUpdatedLines(planned, { rules: RULES, context, unitsUsed: () => 0, stored, given });
}

describe('which lines of an update Document Clinical asks about', () => {
  test('an added line whose rule asks a questionnaire is asked here; until answered it needs documentation', () => {
    const [added] = assess([line(1, '97110')], {}, [{ code: '72148' }]);
    expect(added?.line).toMatchObject({ lineNumber: 2, kind: 'new' });
    expect(added?.askedHere).toBe('imaging');
    expect(added?.assessment.outcome.kind).toBe('needs-documentation');
  });

  test('a changed line whose stored answers do not answer its questionnaire is asked here, as an added line', () => {
    const [changed] = assess([line(1, '72148')], { 1: { units: 2 } }, []);
    expect(changed?.line.kind).toBe('changed');
    expect(changed?.askedHere).toBe('imaging');
    expect(changed?.assessment.outcome.kind).toBe('needs-documentation');
    // Answers stored to another questionnaire, or with another line, do not answer it.
    const elsewhere = assess([line(1, '72148'), line(2, '97110')], { 1: { units: 2 } }, [], [{ lineNumber: 1, questionnaireId: 'sleep', criteriaMet: true }, { lineNumber: 2, questionnaireId: 'imaging', criteriaMet: true }]);
    expect(elsewhere[0]?.askedHere).toBe('imaging');
  });

  test('a changed line whose stored answers answer its questionnaire is not asked again: they decide it', () => {
    const [met] = assess([line(1, '72148')], { 1: { units: 2 } }, [], [{ lineNumber: 1, questionnaireId: 'imaging', criteriaMet: true }]);
    expect(met?.askedHere).toBeUndefined();
    expect(met?.assessment.statusAtSubmit).toBe('Approved');
    const [notMet] = assess([line(1, '72148')], { 1: { units: 2 } }, [], [{ lineNumber: 1, questionnaireId: 'imaging', criteriaMet: false }]);
    expect(notMet?.askedHere).toBeUndefined();
    expect(notMet?.assessment.statusAtSubmit).toBe('Pended');
  });

  test('a line whose rule asks no questions, an unchanged line and a cancelled one are not asked about', () => {
    const lines = [line(1, '97110'), line(2, '72148'), line(3, '72148')];
    const assessed = assess(lines, { 1: { units: 30 }, 3: { cancel: true } }, []);
    expect(assessed.map((a) => a.line.lineNumber)).toEqual([1]);
    expect(assessed[0]?.askedHere).toBeUndefined();
    expect(assessed[0]?.assessment.outcome.kind).toBe('beyond-limit');
  });

  test("the answers given in the update decide a line asked here, by its line number: two lines with one code keep their own", () => {
    // A request sent through the API may carry one code twice.
    const lines = [line(1, '72148'), line(2, '72148')];
    const given = { 1: { questionnaireId: 'imaging', criteriaMet: true }, 2: { questionnaireId: 'imaging', criteriaMet: false } };
    const assessed = assess(lines, { 1: { units: 2 }, 2: { units: 3 } }, [], [], given);
    expect(assessed.map((a) => [a.line.lineNumber, a.askedHere, a.assessment.outcome.kind, a.assessment.statusAtSubmit])).toEqual([
      [1, 'imaging', 'criteria-met', 'Approved'],
      [2, 'imaging', 'criteria-not-met', 'Pended'],
    ]);
  });

  test('answers given to another questionnaire (the rules changed since) do not count', () => {
    const [changed] = assess([line(1, '72148')], { 1: { units: 2 } }, [], [], { 1: { questionnaireId: 'older-imaging', criteriaMet: true } });
    expect(changed?.askedHere).toBe('imaging');
    expect(changed?.assessment.outcome.kind).toBe('needs-documentation');
  });
});

describe('answers given in an update when an added line is removed', () => {
  const lines = [line(1, '97110'), line(2, '72148')];
  const added = [{ code: 'E0601' }, { code: '95810' }, { code: '80324' }];

  test('the lines added after it move up one number with their answers; its own go; a current line keeps its own', () => {
    expect(clinicalAfterRemoval(lines, added, 'E0601', { 2: 'line 2', 3: 'E0601', 4: '95810', 5: '80324' })).toEqual({ 2: 'line 2', 3: '95810', 4: '80324' });
    expect(clinicalAfterRemoval(lines, added, '95810', { 3: 'E0601', 4: '95810', 5: '80324' })).toEqual({ 3: 'E0601', 4: '80324' });
    expect(clinicalAfterRemoval(lines, added, '80324', { 3: 'E0601', 5: '80324' })).toEqual({ 3: 'E0601' });
  });

  test('answers kept under something that is not a line number are left as they were', () => {
    expect(clinicalAfterRemoval(lines, added, 'E0601', { E0601: 'by code' })).toEqual({ E0601: 'by code' });
  });
});
