import type { CodeRecord } from '../../../src/domain/codeFiles';
import { massEndProblem, planCodeRelease, planPlacesOfService, type Release, type StoredCode } from '../../../src/domain/codeRelease';

const RELEASE: Release = { system: 'ICD10CM', version: '2026', effectiveDate: '2025-10-01', sourceFile: 'icd10cm-codes-2026.txt' };

function stored(code: string, description: string, extra: Partial<StoredCode> = {}): StoredCode {
  return { id: code.length * 100 + code.charCodeAt(0), code, description, billable: true, effectiveFrom: '2024-10-01', effectiveTo: null, ...extra };
}

function record(code: string, description: string): CodeRecord {
  return { system: 'ICD10CM', code, compact: code.replace('.', ''), description, billable: true };
}

describe('planCodeRelease', () => {
  test('adds new codes from the release date, rewrites changed ones, reopens returning ones and ends dropped ones the day before', () => {
    const plan = planCodeRelease(
      RELEASE,
      [
        stored('F11.20', 'Opioid dependence, uncomplicated'),
        stored('M54.50', 'Low back pain, unspecified'),
        stored('U07.1', 'COVID-19'),
        stored('Z00.00', 'General exam', { effectiveTo: '2024-09-30' }),
        stored('A00.0', 'Ended long ago and not in the file', { effectiveTo: '2020-09-30' }),
      ],
      [record('F11.20', 'Opioid dependence, uncomplicated'), record('M54.50', 'Low back pain, not specified further'), record('Z00.00', 'General exam'), record('E11.A', 'Type 2 diabetes in remission')],
    );
    expect(plan.counts).toEqual({ rows: 4, added: 1, changed: 1, ended: 1, reopened: 1 });
    expect(plan.writes.map((w) => `${w.code} ${w.effectiveFrom} ${w.effectiveTo}`)).toEqual(['M54.50 2024-10-01 null', 'Z00.00 2024-10-01 null', 'E11.A 2025-10-01 null']);
    expect(plan.ending.map((s) => s.code)).toEqual(['U07.1']);
    expect(plan.endOn).toBe('2025-09-30');
    expect(plan.inForce).toBe(3);
  });

  test('the same file twice writes nothing', () => {
    const plan = planCodeRelease(RELEASE, [stored('F11.20', 'Opioid dependence')], [record('F11.20', 'Opioid dependence')]);
    expect(plan.writes).toEqual([]);
    expect(plan.counts).toEqual({ rows: 1, added: 0, changed: 0, ended: 0, reopened: 0 });
  });

  test('a code of another system is refused', () => {
    expect(() => planCodeRelease({ ...RELEASE, system: 'HCPCS' }, [], [record('F11.20', 'Opioid dependence')])).toThrow('F11.20 is a ICD10CM code, not HCPCS');
  });
});

test('planPlacesOfService ends a dropped place and reopens one that comes back', () => {
  const plan = planPlacesOfService(
    { system: 'POS', version: '2025', effectiveDate: '2025-01-01', sourceFile: 'pos.csv' },
    [
      { code: '11', name: 'Office', description: '', effectiveFrom: '2024-05-01', effectiveTo: null },
      { code: '66', name: 'PACE Center', description: '', effectiveFrom: '2024-05-01', effectiveTo: null },
      { code: '02', name: 'Telehealth', description: '', effectiveFrom: '2024-05-01', effectiveTo: '2024-12-31' },
    ],
    [
      { code: '11', name: 'Office', description: '' },
      { code: '02', name: 'Telehealth', description: '' },
    ],
  );
  expect(plan.counts).toEqual({ rows: 2, added: 0, changed: 0, ended: 1, reopened: 1 });
  expect(plan.ending.map((p) => p.code)).toEqual(['66']);
});

describe('massEndProblem: a release may not end more than 5% and more than 50 of a set in force', () => {
  const plan = (inForce: number, ended: number) => ({ inForce, counts: { rows: 0, added: 0, changed: 0, ended, reopened: 0 } });

  test.each([
    [100_000, 5000, 'exactly 5% of a large set'],
    [1000, 50, 'exactly 50, though 5%'],
    [52, 40, 'most of a small set, but not more than 50'],
    [0, 0, 'an empty set'],
  ])('%d in force, %d ended: allowed (%s)', (inForce, ended) => {
    expect(massEndProblem('ICD10CM', plan(inForce, ended))).toBeUndefined();
  });

  test.each([
    [100_000, 5001],
    [1000, 51],
  ])('%d in force, %d ended: refused', (inForce, ended) => {
    expect(massEndProblem('ICD10CM', plan(inForce, ended))).toMatch(/^This release would end /);
  });

  test('the message says how many, of how many, the share, why and what to do', () => {
    expect(massEndProblem('ICD10CM', plan(97_298, 48_670))).toBe(
      'This release would end 48,670 of the 97,298 ICD-10-CM codes in force (50%), and a release normally ends at most 5% of a code set: ' +
        'the file may be cut short, an extract, or a different code set. If the release really ends them, import it again with --allow-mass-end',
    );
  });
});
