import path from 'node:path';
import { listCodeSets } from '../../../src/db/repositories/codeSets';
import { openDatabase } from '../../../src/db/database';
import { runImport, type Io } from '../../../src/cli/import';
import { codeRows, icdLine, openCodeDb, refuseRows, type CodeDb } from '../../helpers/codeDb';
import { isPostgres } from '../../../src/db/dialect';
import { ADVISORY_LOCK } from '../../../src/db/advisoryLocks';

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
  const file = c.write('icd10cm-codes-2026.txt', `${lines.join('\r\n')}\r\n`);
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
  expect(err).toEqual(['Nothing was imported from icd10cm-codes-2026.txt: line 2 is not an ICD-10-CM code line: "not a code line"']);
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
  expect(err).toEqual(['Nothing was imported from hcpcs_codes_2026_jan.csv: Cannot read /nonexistent/hcpcs_codes_2026_jan.csv: no such file']);
});

/** A whole release of `count` codes A00000, A00001, ... as the CDC file writes it (CRLF after every line). */
function release(count: number, from = 0): string {
  return Array.from({ length: count }, (_, i) => `${icdLine(`A${String(from + i).padStart(5, '0')}`, `Test condition number ${from + i}`)}\r\n`).join('');
}

describe('a file cut short is refused and changes nothing', () => {
  test('a last line cut mid-description (no line end) exits 1 naming the line', async () => {
    const whole = release(1000);
    const file = c.write('icd10cm-codes-2026.txt', whole.slice(0, Math.floor(whole.length / 2)));
    expect(await runImport(['icd10cm', file], c.db, io)).toBe(1);
    expect(err).toEqual([
      'Nothing was imported from icd10cm-codes-2026.txt: line 502, the last, has no line end: the file looks cut short (a download or copy that stopped part way). Fetch it again; if it is whole, end its last line with a line end',
    ]);
    expect(await c.db('codes').count({ n: '*' }).first()).toEqual({ n: 0 });
  });

  test('a release that would end more than 5% and more than 50 codes in force is refused unless --allow-mass-end is given', async () => {
    expect(await runImport(['icd10cm', c.write('icd10cm-codes-2025.txt', release(2000))], c.db, io)).toBe(0);
    const before = await codeRows(c.db, 'ICD10CM');
    // The first half of the next release, cut at a line end: every line whole, half the codes missing.
    const half = c.write('icd10cm-codes-2026.txt', release(1000));
    out = [];
    expect(await runImport(['icd10cm', half], c.db, io)).toBe(1);
    // 2,000 codes and 222 categories (A00, A000, A0000 to A0019, A00000 to A00199) are in force; half would end.
    expect(err.filter((l) => l.startsWith('Nothing'))).toEqual([
      'Nothing was imported from icd10cm-codes-2026.txt: This release would end 1,111 of the 2,222 ICD-10-CM codes in force (50%), and a release normally ends at most 5% of a code set: the file may be cut short, an extract, or a different code set. If the release really ends them, import it again with --allow-mass-end',
    ]);
    expect(out).toEqual([]);
    expect(await codeRows(c.db, 'ICD10CM')).toEqual(before);
    expect((await listCodeSets(c.db)).map((s) => s.version)).toEqual(['2025']);

    expect(await runImport(['icd10cm', half, '--allow-mass-end'], c.db, io)).toBe(0);
    expect(out[0]).toContain('0 added, 0 changed, 1,111 ended, 0 reopened');
  });

  test('a release that ends more than 50 codes but under 5% of the set goes ahead', async () => {
    expect(await runImport(['icd10cm', c.write('icd10cm-codes-2025.txt', release(2000))], c.db, io)).toBe(0);
    // A01950 to A01999 dropped with their categories A0195 to A0199: 55 of 2,222 (2.5%).
    expect(await runImport(['icd10cm', c.write('icd10cm-codes-2026.txt', release(1950))], c.db, io)).toBe(0);
    expect(out[1]).toContain('0 added, 0 changed, 55 ended, 0 reopened');
  });
});

describe('the import and a busy portal', () => {
  test('an import started while another connection holds the write lock waits for it and then succeeds', async () => {
    const portal = openDatabase(c.location);
    try {
      await runImport(['icd10cm', c.write('icd10cm-codes-2025.txt', release(100))], c.db, io);
      // The "portal" holds the write lock, as a request being submitted does.
      const holding = await portal.transaction();
      await holding('code_sets').update({ imported_at: 'being written' });

      // Release the lock once the import has asked for it (its first statement that needs it).
      const asked = new Promise<void>((resolve) => {
        c.db.on('query', (q: { sql: string }) => {
          if (/^(begin immediate|insert|update|delete)/i.test(q.sql)) resolve();
        });
      });
      const importing = runImport(['icd10cm', c.write('icd10cm-codes-2026.txt', release(101))], c.db, io);
      await asked;
      await holding.commit();
      expect(await importing).toBe(0);
      expect(err.filter((l) => l.startsWith('Nothing'))).toEqual([]);
      expect(out[1]).toContain('3 added, 0 changed, 0 ended, 0 reopened');
    } finally {
      await portal.destroy();
    }
  });

  test('when the lock is not released in time, the message is one line naming the file and the cause, without SQL', async () => {
    const file = c.location;
    const portal = openDatabase(file);
    // The import gives up at once rather than after the usual wait.
    const impatient = openDatabase(file, { busyTimeoutMs: 0 });
    try {
      const holding = await portal.transaction();
      // SQLite: a write holds the database's one write lock. PostgreSQL: another import holds its lock (5 s wait there).
      if (isPostgres(c.db)) await holding.raw('SELECT pg_advisory_xact_lock(?, 0)', [ADVISORY_LOCK.import]);
      else await holding('code_sets').insert({ system: 'X', version: '1', effective_date: '2025-01-01', source_file: 'x', imported_at: 'now', row_count: 0, added: 0, changed: 0, ended: 0, reopened: 0 });
      expect(await runImport(['icd10cm', c.write('icd10cm-codes-2026.txt', release(3000))], impatient, io)).toBe(1);
      await holding.rollback();
      expect(err).toEqual([
        isPostgres(c.db)
          ? 'Nothing was imported from icd10cm-codes-2026.txt: the database stayed locked by another program writing to it (the portal or another import) for more than 5 s; try again when it is quieter (55P03: canceling statement due to lock timeout)'
          : 'Nothing was imported from icd10cm-codes-2026.txt: the database stayed locked by another program writing to it (the portal, a backup or another import) for more than 5 s; try again when it is quieter (SQLITE_BUSY: database is locked)',
      ]);
      expect(await c.db('codes').count({ n: '*' }).first()).toEqual({ n: 0 });
    } finally {
      await impatient.destroy();
      await portal.destroy();
    }
  });

  test('a database error while writing is told in one line with the database\'s words, never the SQL', async () => {
    await refuseRows(c.db, 'codes', "NEW.compact = 'A00050'", 'disk quota reached');
    expect(await runImport(['icd10cm', c.write('icd10cm-codes-2026.txt', release(3000))], c.db, io)).toBe(1);
    const said = isPostgres(c.db) ? 'the database refused the change (P0001: disk quota reached)' : 'the database refused a row (SQLITE_CONSTRAINT: disk quota reached)';
    expect(err.filter((l) => l.startsWith('Nothing'))).toEqual([`Nothing was imported from icd10cm-codes-2026.txt: ${said}`]);
    expect(await c.db('codes').count({ n: '*' }).first()).toEqual({ n: 0 });
  });
});
