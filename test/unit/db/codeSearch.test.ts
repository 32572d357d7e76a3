import { DIAGNOSIS_SYSTEMS, PROCEDURE_SYSTEMS, RANKED_MATCHES, searchCodes } from '../../../src/db/repositories/codes';
import { importCodeRelease } from '../../../src/db/repositories/codeSets';
import { parseCptCsv, parseHcpcsCsv, parseIcd10cmCodes } from '../../../src/domain/codeFiles';
import { icdLine, openCodeDb, type CodeDb } from '../../helpers/codeDb';

let c: CodeDb;
beforeAll(async () => {
  c = await openCodeDb();
  const icd = [
    icdLine('F1110', 'Opioid abuse, uncomplicated'),
    icdLine('F1120', 'Opioid dependence, uncomplicated'),
    icdLine('F1121', 'Opioid dependence, in remission'),
    icdLine('F11220', 'Opioid dependence with intoxication, uncomplicated'),
    icdLine('F1123', 'Opioid dependence with withdrawal'),
    icdLine('Z79891', 'Long term (current) use of opiate analgesic'),
    icdLine('M5450', 'Low back pain, unspecified'),
    icdLine('S72001A', 'Fracture of unspecified part of neck of right femur, initial encounter for closed fracture'),
    // A description that names another code: found by the words, after the code itself.
    icdLine('F1190', 'Opioid use, unspecified, uncomplicated (not F1120)'),
  ];
  await importCodeRelease(c.db, { system: 'ICD10CM', version: '2026', effectiveDate: '2025-10-01', sourceFile: 'fixture' }, parseIcd10cmCodes(icd.join('\n')));
  await importCodeRelease(c.db, { system: 'HCPCS', version: '2026-01', effectiveDate: '2026-01-01', sourceFile: 'fixture' }, parseHcpcsCsv([
    'HCPCS_CODE,SHORT_DESCRIPTION,LONG_DESCRIPTION',
    'G0480,Drug test def 1-7 classes,"Drug test(s), definitive, 1-7 drug class(es)"',
    'G0481,Drug test def 8-14 classes,"Drug test(s), definitive, 8-14 drug class(es)"',
    'E0601,Cont airway pressure device,Continuous positive airway pressure (CPAP) device',
  ].join('\n')));
  await importCodeRelease(c.db, { system: 'CPT', version: '2026', effectiveDate: '2026-01-01', sourceFile: 'fixture' }, parseCptCsv(['code,description', '80324,Definitive drug test for amphetamines', '72148,MRI of the lower back without contrast'].join('\n')));
  // A release that drops E0601 from April 2026.
  await importCodeRelease(c.db, { system: 'HCPCS', version: '2026-04', effectiveDate: '2026-04-01', sourceFile: 'fixture' }, parseHcpcsCsv([
    'HCPCS_CODE,SHORT_DESCRIPTION,LONG_DESCRIPTION',
    'G0480,Drug test def 1-7 classes,"Drug test(s), definitive, 1-7 drug class(es)"',
    'G0481,Drug test def 8-14 classes,"Drug test(s), definitive, 8-14 drug class(es)"',
  ].join('\n')));
});
afterAll(async () => c.close());

const codes = async (text: string, systems = DIAGNOSIS_SYSTEMS, limit = 20, onDate?: string) => (await searchCodes(c.db, systems, text, limit, onDate)).map((x) => x.code);

test('the exact code comes first, then codes that start with it, then codes whose description has the words', async () => {
  expect(await codes('F11.20')).toEqual(['F11.20']);
  expect(await codes('f1120')).toEqual(['F11.20', 'F11.90']);
  expect(await codes('F112')).toEqual(['F11.20', 'F11.21', 'F11.220', 'F11.23', 'F11.90']);
  expect(await codes('F11.2')).toEqual(['F11.20', 'F11.21', 'F11.220', 'F11.23']);
  expect(await codes('F11')).toEqual(['F11.10', 'F11.20', 'F11.21', 'F11.220', 'F11.23', 'F11.90']);
});

test('words find descriptions, best match first: every word must be there, in any order and form', async () => {
  expect(await codes('opioid dependence')).toEqual(['F11.20', 'F11.21', 'F11.220', 'F11.23']);
  expect(await codes('dependence opioid')).toEqual(['F11.20', 'F11.21', 'F11.220', 'F11.23']);
  expect(await codes('OPIOID DEPENDENT')).toEqual(['F11.20', 'F11.21', 'F11.220', 'F11.23']);
  expect(await codes('fractures of the femur')).toEqual(['S72.001A']);
  expect(await codes('opi depend withdr')).toEqual(['F11.23']);
  expect(await codes('opioid pizza')).toEqual([]);
});

test('procedure codes search CPT and HCPCS together; a diagnosis search never returns them', async () => {
  expect(await codes('drug test', PROCEDURE_SYSTEMS)).toEqual(['80324', 'G0480', 'G0481']);
  expect(await codes('G048', PROCEDURE_SYSTEMS)).toEqual(['G0480', 'G0481']);
  expect(await codes('72148', PROCEDURE_SYSTEMS)).toEqual(['72148']);
  expect(await codes('72148')).toEqual([]);
});

test('the limit applies to the whole ranked list', async () => {
  expect(await codes('F11', DIAGNOSIS_SYSTEMS, 2)).toEqual(['F11.10', 'F11.20']);
  expect(await codes('F11.20', DIAGNOSIS_SYSTEMS, 1)).toEqual(['F11.20']);
});

test('with a date, a code that has ended by then is left out, and kept for an earlier date', async () => {
  expect(await codes('cpap', PROCEDURE_SYSTEMS)).toEqual(['E0601']);
  expect(await codes('cpap', PROCEDURE_SYSTEMS, 20, '2026-03-31')).toEqual(['E0601']);
  expect(await codes('cpap', PROCEDURE_SYSTEMS, 20, '2026-04-01')).toEqual([]);
  expect(await codes('E0601', PROCEDURE_SYSTEMS, 20, '2026-04-01')).toEqual([]);
});

test.each(['" OR *', 'NEAR(', 'opioid" OR "x', '*', 'AND', '(', '^f', 'col:umn', "'; DROP TABLE codes; --", '\u0000', 'x'.repeat(100)])('FTS5 syntax or SQL typed as %j never errors', async (typed) => {
  await expect(searchCodes(c.db, DIAGNOSIS_SYSTEMS, typed)).resolves.toEqual(expect.any(Array));
  await expect(searchCodes(c.db, PROCEDURE_SYSTEMS, typed)).resolves.toEqual(expect.any(Array));
});

describe('a word found in more codes than are ranked', () => {
  let many: CodeDb;
  beforeAll(async () => {
    many = await openCodeDb();
    // More diagnosis codes with the word than RANKED_MATCHES, loaded before the procedure codes that have it too.
    const icd = Array.from({ length: RANKED_MATCHES + 100 }, (_, i) => icdLine(`S${String(i).padStart(4, '0')}A`, `Injury of body region ${i}, initial encounter`));
    icd.push(icdLine('S9999A', 'Injury'));
    await importCodeRelease(many.db, { system: 'ICD10CM', version: '2026', effectiveDate: '2025-10-01', sourceFile: 'fixture' }, parseIcd10cmCodes(icd.join('\n')));
    await importCodeRelease(many.db, { system: 'HCPCS', version: '2026-01', effectiveDate: '2026-01-01', sourceFile: 'fixture' }, parseHcpcsCsv(['HCPCS_CODE,SHORT_DESCRIPTION,LONG_DESCRIPTION', 'G9999,Injury care,Care of an injury', 'G9998,Injury review,Review of an injury'].join('\n')));
  });
  afterAll(async () => many.close());

  test('still gives a full page of diagnosis codes, the best match of the ranked ones first', async () => {
    const found = await searchCodes(many.db, DIAGNOSIS_SYSTEMS, 'injury', 51);
    expect(found).toHaveLength(51);
    expect(new Set(found.map((c) => c.code)).size).toBe(51);
    expect(found[0]?.system).toBe('ICD10CM');
  });

  test('finds the procedure codes with the word although the first matches are diagnosis codes', async () => {
    expect((await searchCodes(many.db, PROCEDURE_SYSTEMS, 'injury', 51)).map((c) => c.code).sort()).toEqual(['G9998', 'G9999']);
  });
});

test('codes with the word as typed come before codes with a longer word that starts with it', async () => {
  const words = await openCodeDb();
  try {
    const icd = [icdLine('R6880', 'Early satiety'), icdLine('H9201', 'Otalgia, right ear, with pain in the ear on swallowing'), icdLine('Z0000', 'Early')];
    await importCodeRelease(words.db, { system: 'ICD10CM', version: '2026', effectiveDate: '2025-10-01', sourceFile: 'fixture' }, parseIcd10cmCodes(icd.join('\n')));
    expect((await searchCodes(words.db, DIAGNOSIS_SYSTEMS, 'ear', 20)).map((x) => x.code)).toEqual(['H92.01', 'Z00.00', 'R68.80']);
  } finally {
    await words.close();
  }
});
