import fs from 'node:fs';
import path from 'node:path';
import { findQuestionnaire, listCategories, listCoverageRules } from '../../../src/db/repositories/coverageRules';
import { importRules } from '../../../src/importers/rules';
import { openCodeDb, type CodeDb } from '../../helpers/codeDb';

const DEMO = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../src/seed/data/coverage-rules.json'), 'utf8'));

let c: CodeDb;
beforeEach(async () => {
  c = await openCodeDb();
});
afterEach(async () => c.close());

test('the demo rules file loads: rules, categories and questionnaires in force, its version recorded; loading it again is the same', async () => {
  const file = c.write('rules.json', JSON.stringify(DEMO));
  const result = await importRules(c.db, { file });
  expect(result.summary).toBe(`Rules 2026.1 (in force from 01/01/2026): ${DEMO.rules.length} rules, 9 categories and 4 questionnaires now in force.`);
  await importRules(c.db, { file });
  expect((await listCoverageRules(c.db)).map((r) => r.id)).toEqual(DEMO.rules.map((r: { id: string }) => r.id));
  expect(await listCategories(c.db)).toHaveLength(9);
  expect((await findQuestionnaire(c.db, 'advanced-imaging'))?.title).toBe('Advanced imaging');
  expect(await c.db('rule_sets').select('version')).toEqual([{ version: '2026.1' }]);
});

test('a file with problems is refused with each problem named, and the rules in force stay', async () => {
  await importRules(c.db, { file: c.write('rules.json', JSON.stringify(DEMO)) });
  const broken = structuredClone(DEMO);
  broken.version = '2026.2';
  broken.rules[2].questionnaire = 'advanced-imagin';
  broken.rules[3].requirement = 'maybe';
  const file = c.write('rules-2.json', JSON.stringify(broken));
  await expect(importRules(c.db, { file })).rejects.toThrow(/^The rules file has a problem:\n- rules\[3\]\.requirement: must be one of \[none, questionnaire, review, not-covered\]$/);
  broken.rules[3].requirement = 'questionnaire';
  await expect(importRules(c.db, { file: c.write('rules-2.json', JSON.stringify(broken)) })).rejects.toThrow(
    `rules[2] (${broken.rules[2].id}): questionnaire "advanced-imagin" is not one of the questionnaires in the file`,
  );
  expect(await c.db('rule_sets').select('version')).toEqual([{ version: '2026.1' }]);
  expect((await listCoverageRules(c.db)).map((r) => r.id)).toEqual(DEMO.rules.map((r: { id: string }) => r.id));
});

test('not JSON, or --effective given, is refused', async () => {
  await expect(importRules(c.db, { file: c.write('rules.json', '{ "version": ') })).rejects.toThrow(/rules\.json is not JSON/);
  await expect(importRules(c.db, { file: c.write('rules.json', JSON.stringify(DEMO)), effective: '2026-01-01' })).rejects.toThrow('A rules file names its own version and effectiveDate: leave out --version and --effective');
});
