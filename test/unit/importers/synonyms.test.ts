import fs from 'node:fs';
import path from 'node:path';
import { loadSynonyms, synonymVersions } from '../../../src/db/repositories/codeSynonyms';
import { IMPORTERS } from '../../../src/importers';
import { ImportError } from '../../../src/importers/release';
import { importSynonyms } from '../../../src/importers/synonyms';
import { openCodeDb, type CodeDb } from '../../helpers/codeDb';
import { parseSynonymFile } from '../../../src/domain/codeSynonyms';
import { seedDataDir } from '../../../src/paths';
import { loadOpenpaSynonyms } from '../../../src/seed/demo';

let c: CodeDb;
beforeAll(async () => {
  c = await openCodeDb();
});
afterAll(async () => c.close());

const PLAN = { owner: 'plan', version: 'plan-2026-02', synonyms: [{ term: 'lift chair', codes: ['E0627'] }, { term: 'ra', means: 'refractory anemia' }] };

test('`npm run import -- synonyms <file>` loads a plan\'s synonyms, which replace its earlier ones and no one else\'s', async () => {
  expect(IMPORTERS.synonyms.run).toBe(importSynonyms);
  await importSynonyms(c.db, { file: c.write('ours.json', JSON.stringify({ owner: 'openpa', version: 'o1', synonyms: [{ term: 'ra', means: 'rheumatoid arthritis' }, { term: 'shingles', means: 'zoster' }] })) });
  await importSynonyms(c.db, { file: c.write('old.json', JSON.stringify({ ...PLAN, version: 'old', synonyms: [{ term: 'gone', means: 'zoster' }] })) });
  const result = await importSynonyms(c.db, { file: c.write('plan.json', JSON.stringify(PLAN)) });
  expect(result.summary).toBe("Synonyms plan-2026-02 (the plan's, over OpenPA's): 2 terms now in force for the code search.");
  expect(await synonymVersions(c.db)).toEqual({ openpa: 'o1', plan: 'plan-2026-02' });
  const merged = await loadSynonyms(c.db);
  expect([...merged.keys()].sort()).toEqual(['chair lift', 'ra', 'shingle']);
  expect(merged.get('ra')?.means).toEqual(['refractory anemia']);
});

test.each([
  ['{ not json', /is not JSON/],
  [JSON.stringify({ owner: 'plan', version: 'x', synonyms: [{ term: 'ra' }] }), /^synonyms\[0\] \(ra\): give the wording it means, or its codes$/],
])('a file with a problem changes nothing and says what is wrong', async (text, message) => {
  const before = await loadSynonyms(c.db);
  const attempt = importSynonyms(c.db, { file: c.write('bad.json', text) });
  await expect(attempt).rejects.toThrow(ImportError);
  await expect(importSynonyms(c.db, { file: c.write('bad.json', text) })).rejects.toThrow(message);
  expect(await loadSynonyms(c.db)).toEqual(before);
});

test('the file names its own version: --version is refused', async () => {
  await expect(importSynonyms(c.db, { file: c.write('plan.json', JSON.stringify(PLAN)), version: '1' })).rejects.toThrow('A synonyms file names its own owner and version: leave out --version and --effective');
});

test("OpenPA's synonyms load at start when the version shipped is new, leaving the plan's as they are", async () => {
  const db = await openCodeDb();
  try {
    await importSynonyms(db.db, { file: db.write('old.json', JSON.stringify({ owner: 'openpa', version: 'an-old-one', synonyms: [{ term: 'gone', means: 'zoster' }] })) });
    await importSynonyms(db.db, { file: db.write('plan.json', JSON.stringify(PLAN)) });
    await loadOpenpaSynonyms(db.db);
    const shipped = parseSynonymFile(JSON.parse(fs.readFileSync(path.join(seedDataDir, 'code-synonyms.json'), 'utf8')));
    expect(await synonymVersions(db.db)).toEqual({ openpa: shipped.version, plan: 'plan-2026-02' });
    const merged = await loadSynonyms(db.db);
    expect(merged.has('gone')).toBe(false);
    expect(merged.get('shingle')?.means).toEqual(['zoster']);
    expect(merged.get('ra')?.means).toEqual(['refractory anemia']);
  } finally {
    await db.close();
  }
});
