import type { Db } from '../../../src/db/database';
import { isPostgres } from '../../../src/db/dialect';
import { importCodeRelease } from '../../../src/db/repositories/codeSets';
import { parseIcd10cmCodes } from '../../../src/domain/codeFiles';
import { codeRows, icdLine, openCodeDb, type CodeDb } from '../../helpers/codeDb';

let c: CodeDb;
beforeAll(async () => {
  c = await openCodeDb();
});
afterAll(async () => c.close());

const release = { system: 'ICD10CM', version: '2026', effectiveDate: '2025-10-01', sourceFile: 'fixture' };
const records = parseIcd10cmCodes(Array.from({ length: 40 }, (_, i) => icdLine(`R${String(100 + i)}`, `Test finding ${i}`)).join('\n'));

/**
 * Until a connection of this database waits for a lock: on PostgreSQL pg_stat_activity says so. An
 * SQLite connection waits inside the driver's busy handler, which nothing outside it can see; there
 * the database lock itself is the whole guarantee (BEGIN IMMEDIATE, tested in test/unit/cli/import.test.ts).
 */
async function untilSomeoneWaitsForALock(db: Db): Promise<void> {
  if (!isPostgres(db)) return;
  for (;;) {
    const { rows } = await db.raw("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    if (rows[0].n > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('a second import started while the first is writing waits for it, then finds its codes: two imports never interleave', async () => {
  let reachedPause!: () => void;
  const paused = new Promise<void>((resolve) => (reachedPause = resolve));
  let resume!: () => void;
  const gate = new Promise<void>((resolve) => (resume = resolve));
  // The first import stops after writing every code, before it records the release and commits.
  const first = importCodeRelease(c.db, release, records, {
    onProgress: async (done, total) => {
      if (done !== total) return;
      reachedPause();
      await gate;
    },
  });
  await paused;
  const second = importCodeRelease(c.db, release, records);
  await untilSomeoneWaitsForALock(c.db);
  resume();

  const [a, b] = await Promise.all([first, second]);
  // 40 codes and the 4 categories above them (R10 to R13).
  expect(a).toEqual({ rows: 44, added: 44, changed: 0, ended: 0, reopened: 0 });
  // Had it read the codes before the first committed, it would have planned to add all 44 again.
  expect(b).toEqual({ rows: 44, added: 0, changed: 0, ended: 0, reopened: 0 });
  expect(await codeRows(c.db, 'ICD10CM')).toHaveLength(44);
});
