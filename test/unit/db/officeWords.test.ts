import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, openDatabase, type Db } from '../../../src/db/database';
import { readGenerations } from '../../../src/db/repositories/cacheGenerations';
import { vocabularyRebuilt, vocabularySource } from '../../../src/db/repositories/codeSearchData';
import { DIAGNOSIS_SYSTEMS, postgresSearchTuning, PROCEDURE_SYSTEMS, searchCodes } from '../../../src/db/repositories/codes';
import { importCodeRelease } from '../../../src/db/repositories/codeSets';
import { replaceSynonyms } from '../../../src/db/repositories/codeSynonyms';
import { parseCptCsv, parseHcpcsCsv, parseIcd10cmCodes } from '../../../src/domain/codeFiles';
import { parseSynonymFile } from '../../../src/domain/codeSynonyms';
import { seedDataDir } from '../../../src/paths';
import { icdLine, openCodeDb, type CodeDb } from '../../helpers/codeDb';

/**
 * The ranking rules and OpenPA's synonyms on a small code set written here (real ICD-10-CM FY2026 and
 * HCPCS descriptions), so that they are checked on every `npm test`, on SQLite and on PostgreSQL, with
 * no reference file. `npm run bench:codes` measures the same on the full files.
 */
const ICD = [
  ['B029', 'Zoster without complications'],
  ['B027', 'Disseminated zoster'],
  ['B0229', 'Other postherpetic nervous system involvement'],
  ['N200', 'Calculus of kidney'],
  ['N202', 'Calculus of kidney with calculus of ureter'],
  ['E119', 'Type 2 diabetes mellitus without complications'],
  ['E1121', 'Type 2 diabetes mellitus with diabetic nephropathy'],
  ['E118', 'Type 2 diabetes mellitus with unspecified complications'],
  ['E109', 'Type 1 diabetes mellitus without complications'],
  ['E089', 'Diabetes mellitus due to underlying condition without complications'],
  ['M069', 'Rheumatoid arthritis, unspecified'],
  ['M0579', 'Rheumatoid arthritis with rheumatoid factor of multiple sites without organ or systems involvement'],
  ['M1990', 'Unspecified osteoarthritis, unspecified site'],
  ['M009', 'Pyogenic arthritis, unspecified'],
  ['I219', 'Acute myocardial infarction, unspecified'],
  ['I252', 'Old myocardial infarction'],
  ['I10', 'Essential (primary) hypertension'],
  ['I159', 'Secondary hypertension, unspecified'],
  ['M5410', 'Radiculopathy, site unspecified'],
  ['M5412', 'Radiculopathy, cervical region'],
  ['M5450', 'Low back pain, unspecified'],
  ['M5459', 'Other low back pain'],
  ['M5451', 'Vertebrogenic low back pain'],
  ['S7290XA', 'Unspecified fracture of unspecified femur, initial encounter for closed fracture'],
  ['S7290XD', 'Unspecified fracture of unspecified femur, subsequent encounter for closed fracture with routine healing'],
  ['S72001A', 'Fracture of unspecified part of neck of right femur, initial encounter for closed fracture'],
  ['M84453A', 'Pathological fracture, unspecified femur, initial encounter for fracture'],
  ['K649', 'Unspecified hemorrhoids'],
  ['K640', 'First degree hemorrhoids'],
  ['J40', 'Bronchitis, not specified as acute or chronic'],
  ['J209', 'Acute bronchitis, unspecified'],
  ['J410', 'Simple chronic bronchitis'],
  ['G4733', 'Obstructive sleep apnea (adult) (pediatric)'],
  ['P2832', 'Primary obstructive sleep apnea of newborn'],
  ['G43909', 'Migraine, unspecified, not intractable, without status migrainosus'],
  ['G43919', 'Migraine, unspecified, intractable, without status migrainosus'],
  ['I821', 'Thrombophlebitis migrans'],
  ['J449', 'Chronic obstructive pulmonary disease, unspecified'],
  ['N390', 'Urinary tract infection, site not specified'],
  ['P393', 'Neonatal urinary tract infection'],
  ['R0602', 'Shortness of breath'],
  ['F1120', 'Opioid dependence, uncomplicated'],
  ['F1121', 'Opioid dependence, in remission'],
].map(([code, description]) => icdLine(code as string, description as string));

const HCPCS = [
  'HCPCS_CODE,SHORT_DESCRIPTION,LONG_DESCRIPTION',
  'E0470,Rad w/o backup non-inv intfc,"Respiratory assist device, bi-level pressure capability, without backup rate feature, used with noninvasive interface, e.g., nasal or facial mask (intermittent assist device with continuous positive airway pressure device)"',
  'E0471,Rad w/backup non inv intrfc,"Respiratory assist device, bi-level pressure capability, with back-up rate feature, used with noninvasive interface, e.g., nasal or facial mask (intermittent assist device with continuous positive airway pressure device)"',
  'E0601,Cont airway pressure device,Continuous positive airway pressure (CPAP) device',
  'E0627,"Seat lift mech, electric any","Seat lift mechanism, electric, any type"',
  'E0629,"Seat lift mech, non-electric","Seat lift mechanism, non-electric, any type"',
  'E0985,Wc seat lift mechanism,"Wheelchair accessory, seat lift mechanism"',
  'E0630,Patient lift hydraulic,"Patient lift, hydraulic or mechanical, includes any seat, sling, strap(s) or pad(s)"',
  'L1812,Ko elastic w/joints pre ots,"Knee orthosis, elastic with joints, prefabricated, off-the-shelf"',
  'L1850,Ko swedish type pre ots,"Knee orthosis, swedish type, prefabricated, off-the-shelf"',
  'K0898,Power wheelchair noc,"Power wheelchair, not otherwise classified"',
  'K0823,Pwc gp 2 std cap chair,"Power wheelchair, group 2 standard, captains chair, patient weight capacity up to and including 300 pounds"',
  'E0730,Tens four lead,"Transcutaneous electrical nerve stimulation (TENS) device, four or more leads, for multiple nerve stimulation"',
].join('\n');

async function loadFixture(db: Db): Promise<void> {
  await importCodeRelease(db, { system: 'ICD10CM', version: '2026', effectiveDate: '2025-10-01', sourceFile: 'fixture' }, parseIcd10cmCodes(ICD.join('\n')));
  await importCodeRelease(db, { system: 'HCPCS', version: '2026-01', effectiveDate: '2026-01-01', sourceFile: 'fixture' }, parseHcpcsCsv(HCPCS));
  await importCodeRelease(db, { system: 'CPT', version: '2026', effectiveDate: '2026-01-01', sourceFile: 'fixture' }, parseCptCsv(['code,description', '80305,Drug screen that reads the result directly (presumptive testing)', '97110,Physical therapy: therapeutic exercise'].join('\n')));
  await replaceSynonyms(db, parseSynonymFile(JSON.parse(fs.readFileSync(path.join(seedDataDir, 'code-synonyms.json'), 'utf8'))));
}

let c: CodeDb;
beforeAll(async () => {
  c = await openCodeDb();
  await loadFixture(c.db);
});
afterAll(async () => c.close());

const search = async (text: string, systems = DIAGNOSIS_SYSTEMS, db: Db = c.db) => searchCodes(db, systems, text, 10);
const codes = async (text: string, systems = DIAGNOSIS_SYSTEMS) => (await search(text, systems)).map((x) => x.code);

describe('OpenPA synonyms: what offices type finds the code a coder would choose, first', () => {
  test.each([
    ['shingles', 'B02.9', 'shingles -> zoster'],
    ['kidney stones', 'N20.0', 'kidney stones -> calculus of kidney'],
    ['kidney stone', 'N20.0', 'kidney stone -> calculus of kidney'],
    ['stones kidney', 'N20.0', 'stones kidney -> calculus of kidney'],
    ['dm2', 'E11.9', 'dm2 -> type 2 diabetes mellitus'],
    ['t2dm', 'E11.9', 't2dm -> type 2 diabetes mellitus'],
    ['DM II', 'E11.9', 'dm ii -> type 2 diabetes mellitus'],
    ['sugar diabetes', 'E11.9', 'sugar diabetes -> type 2 diabetes mellitus'],
    ['diabetes', 'E11.9', 'diabetes -> type 2 diabetes mellitus'],
    ['ra', 'M06.9', 'ra -> rheumatoid arthritis'],
    ['mi', 'I21.9', 'mi -> myocardial infarction'],
    ['heart attack', 'I21.9', 'heart attack -> acute myocardial infarction'],
    ['htn', 'I10', 'htn -> hypertension'],
    ['high blood pressure', 'I10', 'high blood pressure -> hypertension'],
    ['pinched nerve', 'M54.10', 'pinched nerve -> radiculopathy'],
    ['lbp', 'M54.50', 'lbp -> low back pain'],
    ['broken femur', 'S72.90XA', 'broken -> fracture'],
    ['piles', 'K64.9', 'piles -> hemorrhoids'],
    ['osa', 'G47.33', 'osa -> obstructive sleep apnea'],
    ['copd', 'J44.9', 'copd -> chronic obstructive pulmonary disease'],
    ['uti', 'N39.0', 'uti -> urinary tract infection'],
    ['sob', 'R06.02', 'sob -> shortness of breath'],
    ['oud', 'F11.20', 'oud -> opioid dependence'],
    ['arthritis', 'M19.90', 'arthritis -> osteoarthritis'],
  ])('"%s" finds %s first, saying "%s"', async (typed, code, matched) => {
    const [first] = await search(typed);
    expect(first?.code).toBe(code);
    expect(first?.matched).toBe(matched);
  });

  test.each([
    ['bipap', ['E0470', 'E0471']],
    ['BiPAP', ['E0470', 'E0471']],
    ['lift chair', ['E0627', 'E0629']],
    ['hoyer lift', ['E0630']],
    ['knee brace', ['L1812', 'L1850']],
    ['tens unit', ['E0730']],
    ['power chair', ['K0823', 'K0898']],
    ['uds', ['80305']],
    ['pt', ['97110']],
  ])('procedure words "%s" find %j first', async (typed, expected) => {
    expect((await codes(typed, PROCEDURE_SYSTEMS)).slice(0, expected.length)).toEqual(expected);
  });
});

describe('the ranking rules', () => {
  test('the exact code first, then codes that start with it in code order, then codes found by words', async () => {
    expect(await codes('M54.5')).toEqual(['M54.50', 'M54.51', 'M54.59']);
    expect(await codes('i10')).toEqual(['I10']);
    expect((await codes('E11'))[0]).toBe('E11.21');
  });

  test('fewer words the provider did not type first: the general code', async () => {
    expect((await codes('opioid dependence'))[0]).toBe('F11.20');
    expect((await codes('calculus kidney'))[0]).toBe('N20.0');
    expect((await codes('radiculopathy'))[0]).toBe('M54.10');
  });

  test('"unspecified", "without complications" and "initial encounter" forms before rarer specific ones', async () => {
    expect((await codes('low back pain')).slice(0, 2)).toEqual(['M54.50', 'M54.51']);
    expect((await codes('fracture femur'))[0]).toBe('S72.90XA');
    expect((await codes('fracture femur')).indexOf('S72.90XD')).toBeGreaterThan(0);
    expect((await codes('type 2 diabetes'))[0]).toBe('E11.9');
    expect((await codes('migraine'))[0]).toBe('G43.909');
    expect((await codes('bronchitis'))[0]).toBe('J40');
  });

  test('words in parentheses are nonessential: they do not count against a code', async () => {
    expect((await codes('obstructive sleep apnea'))[0]).toBe('G47.33');
    expect((await codes('hypertension'))[0]).toBe('I10');
  });

  test('whole words before words matched by their start', async () => {
    expect((await codes('zoster'))[0]).toBe('B02.9');
    expect(await codes('hemorrhoid')).toEqual(['K64.9', 'K64.0']);
  });

  test('a HCPCS "not otherwise classified" code comes after the codes that say what it is', async () => {
    expect(await codes('power wheelchair', PROCEDURE_SYSTEMS)).toEqual(['K0823', 'K0898']);
  });

  test('an accessory comes after the thing itself', async () => {
    expect((await codes('seat lift', PROCEDURE_SYSTEMS)).slice(0, 2)).toEqual(['E0627', 'E0629']);
  });
});

describe('spelling slips', () => {
  test.each([
    ['arthritus', 'M19.90', 'arthritus -> arthritis -> osteoarthritis'],
    ['hemorroids', 'K64.9', 'hemorroids -> hemorrhoids'],
    ['bronchitus', 'J40', 'bronchitus -> bronchitis'],
    ['migrane', 'G43.909', 'migrane -> migraine'],
    ['zostr', 'B02.9', 'zostr -> zoster'],
    ['diabetis type 2', 'E11.9', 'diabetis -> diabetes -> type 2 diabetes mellitus'],
    ['radiculopahty', 'M54.10', 'radiculopahty -> radiculopathy'],
  ])('one wrong, missing, extra or swapped letter: "%s" finds %s, saying "%s"', async (typed, code, matched) => {
    const [first] = await search(typed);
    expect(first?.code).toBe(code);
    expect(first?.matched).toBe(matched);
  });

  test('a short word is not put right: one letter off in it is another word', async () => {
    expect(await codes('zostr pizza')).toEqual([]);
    expect(await codes('cpsp', PROCEDURE_SYSTEMS)).toEqual([]);
    expect((await codes('cpapp', PROCEDURE_SYSTEMS))[0]).toBe('E0601');
  });

  test('"migrane" puts the migraine codes before "migrans", though both are one letter away', async () => {
    const found = await codes('migrane');
    expect(found.indexOf('G43.909')).toBeLessThan(found.indexOf('I82.1'));
  });
});

describe('the same results on both databases', () => {
  // This file's database is PostgreSQL under `npm run test:postgres` and SQLite under `npm test`; the
  // same code sets and synonyms go into a SQLite file of the test's own, and every search must give
  // the same codes, in the same order, saying the same "matched", on both.
  let sqlite: { db: Db; dir: string };
  const { fewMatches } = postgresSearchTuning;
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-both-'));
    const db = openDatabase(path.join(dir, 'openpa.sqlite3'));
    sqlite = { db, dir };
    await migrateToLatest(db);
    await loadFixture(db);
  });
  afterAll(async () => {
    await sqlite.db.destroy();
    fs.rmSync(sqlite.dir, { recursive: true, force: true });
  });

  const diagnosis = ['fracture', 'femur fracture', 'fracture femur', 'pain', 'low back pain', 'back', 'diabetes', 'type 2 diabetes', 'diabetes mellitus type', 'arthritis', 'rheumatoid', 'hypert', 'hemorr', 'opi depend', 'opioid', 'sleep apnea', 'migraine', 'migrane', 'zostr', 'arthritus', 'shingles', 'kidney stones', 'dm2', 'ra', 'mi', 'htn', 'uti', 'E11', 'e1', 'M54', 'S72', 'I10', 'unspecified', 'initial encounter', 'without complications', 'broken femur'];
  const procedure = ['wheelchair', 'power wheelchair', 'seat lift', 'lift', 'knee brace', 'bipap', 'cpap', 'cpapp', 'airway pressure', 'drug', 'tens unit', 'uds', 'pt', 'E06', 'E0', 'K08', 'therapy', 'mechanism'];
  test.each([...diagnosis.map((q) => [q, 'diagnosis'] as const), ...procedure.map((q) => [q, 'procedure'] as const)])('"%s" (%s)', async (q, type) => {
    const systems = type === 'diagnosis' ? DIAGNOSIS_SYSTEMS : PROCEDURE_SYSTEMS;
    const seen = async (db: Db) => (await searchCodes(db, systems, q, 50)).map((x) => `${x.code}${x.matched ? ` (${x.matched})` : ''}`);
    const expected = await seen(sqlite.db);
    expect(await seen(c.db)).toEqual(expected);
    // On PostgreSQL, also with the matches read band by band of the search order, as a broad word's are.
    postgresSearchTuning.fewMatches = 0;
    try {
      expect(await seen(c.db)).toEqual(expected);
    } finally {
      postgresSearchTuning.fewMatches = fewMatches;
    }
  });
});

test('after an import by another process the next search finds the new codes at once; slips are put right from the new words once the list, built again in the background, is ready, and no search waits for it', async () => {
  // A second connection to the same database stands in for the import command; this one reads the
  // cache generations as a request does (with its session).
  const other = openDatabase(c.location);
  const read = vocabularySource.read;
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  try {
    await readGenerations(c.db);
    expect(await codes('sacroilitis')).toEqual([]);
    await vocabularyRebuilt(c.db);
    await importCodeRelease(other, { system: 'ICD10CM', version: '2026b', effectiveDate: '2025-10-01', sourceFile: 'fixture' }, parseIcd10cmCodes([...ICD, icdLine('M461', 'Sacroiliitis, not elsewhere classified')].join('\n')));
    // The word list of the new code sets is held back until released: a search that waited for it would never answer.
    vocabularySource.read = async (...args) => {
      await held;
      return read(...args);
    };
    await readGenerations(c.db);
    expect(await codes('sacroiliitis')).toEqual(['M46.1']);
    expect(await codes('sacroilitis')).toEqual([]);
    release();
    await vocabularyRebuilt(c.db);
    const [first] = await search('sacroilitis');
    expect(first).toMatchObject({ code: 'M46.1', matched: 'sacroilitis -> sacroiliitis' });
  } finally {
    vocabularySource.read = read;
    release();
    await other.destroy();
  }
});

test("a plan's synonyms add to OpenPA's and win over the same term", async () => {
  await replaceSynonyms(c.db, parseSynonymFile({ owner: 'plan', version: 'p1', synonyms: [{ term: 'RA', means: 'secondary hypertension' }, { term: 'bump', means: 'calculus of kidney' }] }));
  try {
    expect((await search('ra'))[0]).toMatchObject({ code: 'I15.9', matched: 'ra -> secondary hypertension' });
    expect((await search('bump'))[0]?.code).toBe('N20.0');
    expect((await search('shingles'))[0]?.code).toBe('B02.9');
  } finally {
    await c.db('code_synonyms').where({ owner: 'plan' }).delete();
  }
});

test('a code the search kept in memory is read again after an import in this process changes it', async () => {
  await readGenerations(c.db);
  expect((await search('calculus kidney'))[0]).toMatchObject({ code: 'N20.0', description: 'Calculus of kidney' });
  const changed = ICD.map((line) => (line.startsWith('N200 ') ? icdLine('N200', 'Calculus of kidney, renal') : line));
  await importCodeRelease(c.db, { system: 'ICD10CM', version: '2026c', effectiveDate: '2025-10-01', sourceFile: 'fixture' }, parseIcd10cmCodes([...changed, icdLine('M461', 'Sacroiliitis, not elsewhere classified')].join('\n')));
  expect((await search('calculus kidney'))[0]).toMatchObject({ code: 'N20.0', description: 'Calculus of kidney, renal' });
});
