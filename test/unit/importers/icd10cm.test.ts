import { DIAGNOSIS_SYSTEMS, findCode, searchCodes } from '../../../src/db/repositories/codes';
import { listCodeSets } from '../../../src/db/repositories/codeSets';
import { CodeFileError } from '../../../src/domain/codeFiles';
import { importIcd10cm } from '../../../src/importers/icd10cm';
import { ImportError } from '../../../src/importers/release';
import { codeRows, icdLine, openCodeDb, refuseRows, type CodeDb } from '../../helpers/codeDb';

const FY2025 = [
  icdLine('F1120', 'Opioid dependence, uncomplicated'),
  icdLine('F1121', 'Opioid dependence, in remission'),
  icdLine('M5450', 'Low back pain, unspecified'),
  icdLine('U071', 'COVID-19'),
  '',
].join('\r\n');

// FY2026 drops U07.1, adds E11.A (a second-character-letter style code) and reworded M54.50.
const FY2026 = [
  icdLine('F1120', 'Opioid dependence, uncomplicated'),
  icdLine('F1121', 'Opioid dependence, in remission'),
  icdLine('M5450', 'Low back pain, not specified further'),
  icdLine('E11A', 'Type 2 diabetes mellitus without complications in remission'),
  '',
].join('\r\n');

let c: CodeDb;
beforeEach(async () => {
  c = await openCodeDb();
});
afterEach(async () => c.close());

test('a first import adds the billable codes and their categories, in force from the release date, and records the release', async () => {
  const progress: number[] = [];
  const result = await importIcd10cm(c.db, { file: c.write('icd10cm-codes-2025.txt', FY2025), onProgress: (done) => progress.push(done) });
  expect(result.counts).toEqual({ rows: 9, added: 9, changed: 0, ended: 0, reopened: 0 });
  expect(result.summary).toContain('ICD-10-CM 2025 (in force from 10/01/2024) from icd10cm-codes-2025.txt: 4 billable codes and 5 categories');
  expect(progress[progress.length - 1]).toBe(9);
  expect(await findCode(c.db, DIAGNOSIS_SYSTEMS, 'F1120')).toEqual({ system: 'ICD10CM', code: 'F11.20', description: 'Opioid dependence, uncomplicated', billable: true, effectiveFrom: '2024-10-01', effectiveTo: null });
  expect((await findCode(c.db, DIAGNOSIS_SYSTEMS, 'F112'))?.billable).toBe(false);
  expect(await listCodeSets(c.db, 'ICD10CM')).toEqual([
    expect.objectContaining({ system: 'ICD10CM', version: '2025', effectiveDate: '2024-10-01', sourceFile: 'icd10cm-codes-2025.txt', rows: 9, added: 9 }),
  ]);
});

test('importing the same file again changes nothing', async () => {
  const file = c.write('icd10cm-codes-2025.txt', FY2025);
  await importIcd10cm(c.db, { file });
  const before = await codeRows(c.db, 'ICD10CM');
  const again = await importIcd10cm(c.db, { file });
  expect(again.counts).toEqual({ rows: 9, added: 0, changed: 0, ended: 0, reopened: 0 });
  expect(await codeRows(c.db, 'ICD10CM')).toEqual(before);
  expect(await listCodeSets(c.db, 'ICD10CM')).toHaveLength(1);
});

test('a new release ends the codes it dropped on the day before it takes effect, adds and rewords the rest; a code that comes back is reopened', async () => {
  await importIcd10cm(c.db, { file: c.write('icd10cm-codes-2025.txt', FY2025) });
  const result = await importIcd10cm(c.db, { file: c.write('icd10cm-codes-2026.txt', FY2026) });
  // Added E11.A and its category E11; changed M54.50; ended U07.1 and its category U07.
  expect(result.counts).toEqual({ rows: 9, added: 2, changed: 1, ended: 2, reopened: 0 });

  const covid = await findCode(c.db, DIAGNOSIS_SYSTEMS, 'U071');
  expect(covid).toMatchObject({ code: 'U07.1', effectiveFrom: '2024-10-01', effectiveTo: '2025-09-30' });
  expect(await findCode(c.db, DIAGNOSIS_SYSTEMS, 'U071', '2025-09-30')).toBeDefined();
  expect(await findCode(c.db, DIAGNOSIS_SYSTEMS, 'U071', '2025-10-01')).toBeUndefined();
  expect(await findCode(c.db, DIAGNOSIS_SYSTEMS, 'E11A')).toMatchObject({ code: 'E11.A', effectiveFrom: '2025-10-01', effectiveTo: null });
  // The unchanged code keeps the date it first took effect.
  expect(await findCode(c.db, DIAGNOSIS_SYSTEMS, 'F1120')).toMatchObject({ effectiveFrom: '2024-10-01', effectiveTo: null });
  expect((await listCodeSets(c.db, 'ICD10CM')).map((s) => s.version)).toEqual(['2025', '2026']);

  // The search index follows the new wording, and only the new one.
  expect((await searchCodes(c.db, DIAGNOSIS_SYSTEMS, 'specified further')).map((x) => x.code)).toEqual(['M54.50']);
  expect(await searchCodes(c.db, DIAGNOSIS_SYSTEMS, 'low back unspecified')).toEqual([]);

  const back = await importIcd10cm(c.db, { file: c.write('icd10cm-codes-April-2026.txt', `${FY2026}${icdLine('U071', 'COVID-19')}\r\n`) });
  expect(back.counts).toMatchObject({ added: 0, reopened: 2, ended: 0 });
  expect(await findCode(c.db, DIAGNOSIS_SYSTEMS, 'U071')).toMatchObject({ effectiveFrom: '2024-10-01', effectiveTo: null });
});

test('a bad line stops the import with its line number, and nothing changes', async () => {
  await importIcd10cm(c.db, { file: c.write('icd10cm-codes-2025.txt', FY2025) });
  const before = await codeRows(c.db, 'ICD10CM');
  const bad = `${FY2026}${icdLine('F11.20', 'Opioid dependence with a dot')}\r\n`;
  await expect(importIcd10cm(c.db, { file: c.write('icd10cm-codes-2026.txt', bad) })).rejects.toThrow(new CodeFileError('Line 5 is not an ICD-10-CM code line: "F11.20  Opioid dependence with a dot"'));
  expect(await codeRows(c.db, 'ICD10CM')).toEqual(before);
  expect(await listCodeSets(c.db, 'ICD10CM')).toHaveLength(1);
});

test('a failure while writing rolls back the codes and the search index together', async () => {
  await importIcd10cm(c.db, { file: c.write('icd10cm-codes-2025.txt', FY2025) });
  const before = await codeRows(c.db, 'ICD10CM');
  // The release row is written last: a clash there comes after every code has been written.
  await refuseRows(c.db, 'code_sets', "NEW.version = '2026'", 'disk full');
  await expect(importIcd10cm(c.db, { file: c.write('icd10cm-codes-2026.txt', FY2026) })).rejects.toThrow(/disk full/);
  expect(await codeRows(c.db, 'ICD10CM')).toEqual(before);
  expect((await searchCodes(c.db, DIAGNOSIS_SYSTEMS, 'low back unspecified')).map((x) => x.code)).toEqual(['M54.50']);
  expect(await searchCodes(c.db, DIAGNOSIS_SYSTEMS, 'specified further')).toEqual([]);
});

test('a file whose name tells no release needs --version and --effective', async () => {
  const file = c.write('codes.txt', FY2025);
  await expect(importIcd10cm(c.db, { file })).rejects.toThrow(new ImportError('Cannot tell which release codes.txt is from its name: give --version and --effective, like --version 2026 --effective 2025-10-01'));
  await expect(importIcd10cm(c.db, { file, version: 'FY2025', effective: '2024-13-01' })).rejects.toThrow(/--effective "2024-13-01" is not a date/);
  const result = await importIcd10cm(c.db, { file, version: 'FY2025', effective: '2024-10-01' });
  expect(result.summary).toContain('ICD-10-CM FY2025 (in force from 10/01/2024) from codes.txt');
});

test('a duplicate code is refused with both line numbers', async () => {
  const text = [icdLine('F1120', 'Opioid dependence, uncomplicated'), icdLine('F1120', 'Opioid dependence again'), ''].join('\n');
  await expect(importIcd10cm(c.db, { file: c.write('icd10cm-codes-2026.txt', text) })).rejects.toThrow('Line 2 lists F1120 again (it is on line 1)');
});
