import { findCode, PROCEDURE_SYSTEMS } from '../../../src/db/repositories/codes';
import { importCpt } from '../../../src/importers/cpt';
import { codeRows, openCodeDb, type CodeDb } from '../../helpers/codeDb';

let c: CodeDb;
beforeEach(async () => {
  c = await openCodeDb();
});
afterEach(async () => c.close());

// Plain labels written for this test: no AMA descriptor text.
const CPT_2026 = ['code,description', '72148,Test label for lumbar MRI', '99213,Test label for an office visit', '0001F,Test label for a quality measure', ''].join('\n');

test('imports code,description as CPT for the year in the file name; a dropped code is ended; a re-import changes nothing', async () => {
  const first = await importCpt(c.db, { file: c.write('cpt-2026.csv', CPT_2026) });
  expect(first.summary).toContain('CPT 2026 (in force from 01/01/2026) from cpt-2026.csv: 3 codes; 3 added');
  const before = await codeRows(c.db, 'CPT');
  expect((await importCpt(c.db, { file: c.write('cpt-2026.csv', CPT_2026) })).counts).toMatchObject({ added: 0, changed: 0, ended: 0 });
  expect(await codeRows(c.db, 'CPT')).toEqual(before);

  const next = await importCpt(c.db, { file: c.write('cpt-2027.csv', `${CPT_2026.split('\n').slice(0, 3).join('\n')}\n`) });
  expect(next.counts).toMatchObject({ ended: 1 });
  expect(await findCode(c.db, PROCEDURE_SYSTEMS, '0001F')).toMatchObject({ effectiveTo: '2026-12-31' });
});

test('a bad code names its line, and nothing is imported', async () => {
  await expect(importCpt(c.db, { file: c.write('cpt-2026.csv', `${CPT_2026}7214,Too short\n`) })).rejects.toThrow('Line 5: "7214" is not a CPT code (five characters, the first four digits)');
  await expect(importCpt(c.db, { file: c.write('cpt-2026.csv', 'cpt,text\n72148,x\n') })).rejects.toThrow('Line 1 is not the CPT header: it has no code, description column');
  expect(await codeRows(c.db, 'CPT')).toEqual([]);
});
