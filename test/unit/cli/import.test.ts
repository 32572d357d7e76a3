import { listCodeSets } from '../../../src/db/repositories/codeSets';
import { runImport, type Io } from '../../../src/cli/import';
import { icdLine, openCodeDb, type CodeDb } from '../../helpers/codeDb';

let c: CodeDb;
let out: string[];
let err: string[];
const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
beforeEach(async () => {
  c = await openCodeDb();
  out = [];
  err = [];
});
afterEach(async () => c.close());

test('imports a file, prints the summary to stdout and progress to stderr, and exits 0', async () => {
  const lines = Array.from({ length: 12_000 }, (_, i) => icdLine(`A${String(i).padStart(5, '0')}`, `Test condition number ${i}`));
  const file = c.write('icd10cm-codes-2026.txt', lines.join('\r\n'));
  expect(await runImport(['icd10cm', file], c.db, io)).toBe(0);
  expect(out).toHaveLength(1);
  expect(out[0]).toMatch(/^ICD-10-CM 2026 \(in force from 10\/01\/2025\) from icd10cm-codes-2026\.txt: 12,000 billable codes and [\d,]+ categories; [\d,]+ added, 0 changed, 0 ended, 0 reopened\. Took \d+\.\d s\.$/);
  expect(err[0]).toMatch(/^icd10cm-codes-2026\.txt: 10,000 of [\d,]+ rows$/);
  expect((await listCodeSets(c.db)).map((s) => `${s.system} ${s.version}`)).toEqual(['ICD10CM 2026']);
});

test('--version and --effective name the release', async () => {
  const file = c.write('codes.csv', 'code,description\n72148,Test label\n');
  expect(await runImport(['cpt', file, '--version', 'PLAN-2026', '--effective', '2026-02-01'], c.db, io)).toBe(0);
  expect(out[0]).toContain('CPT PLAN-2026 (in force from 02/01/2026) from codes.csv');
});

test('a bad file exits 1 with the line, and nothing changes', async () => {
  const file = c.write('icd10cm-codes-2026.txt', `${icdLine('F1120', 'Opioid dependence')}\nnot a code line\n`);
  expect(await runImport(['icd10cm', file], c.db, io)).toBe(1);
  expect(err).toEqual(['Nothing was imported. Line 2 is not an ICD-10-CM code line: "not a code line"']);
  expect(await c.db('codes').count({ n: '*' }).first()).toEqual({ n: 0 });
});

test.each([
  [[], /^Usage: npm run import -- <kind> <file>/],
  [['icd10cm'], /^Usage: /],
  [['snomed', 'x.txt'], /^"snomed" is not a kind of file to import: use one of icd10cm, hcpcs, pos, providers, cpt, rules/],
  [['icd10cm', 'x.txt', '--colour'], /^Unknown option '--colour'/],
])('a wrong command (%j) exits 2 with the usage', async (argv, message) => {
  expect(await runImport(argv, c.db, io)).toBe(2);
  expect(err.join('\n')).toMatch(message);
});

test('a missing file exits 1 and says so', async () => {
  expect(await runImport(['hcpcs', '/nonexistent/hcpcs_codes_2026_jan.csv'], c.db, io)).toBe(1);
  expect(err).toEqual(['Nothing was imported. Cannot read /nonexistent/hcpcs_codes_2026_jan.csv: no such file']);
});
