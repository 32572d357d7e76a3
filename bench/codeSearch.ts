/**
 * `npm run bench:codes -- <icd10cm codes file> <hcpcs file>`: the official code sets at full scale, on
 * SQLite and on PostgreSQL, printed side by side. For each database: imports both files into a new,
 * empty database (timed, and again to time an import that changes nothing), times the search itself
 * in process, then starts the built portal on that database on a free loopback port and loads the Code
 * lookup page with autocannon, signed in: code prefixes, words, and a mix, against the same page with
 * no search as the baseline. PostgreSQL is a new database on the cluster of DATABASE_URL, or on a
 * throwaway cluster (bench/postgres.ts). Prints figures; never fails on a time.
 *
 *   npm run bench:codes -- ../shared/refdata/icd10cm/icd10cm-codes-2026.txt ../shared/refdata/hcpcs/hcpcs_codes_2026_jan.csv [--duration 10] [--connections 10] [--runs 200] [--database both|sqlite|postgres]
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, openDatabase, type Db } from '../src/db/database';
import { DIAGNOSIS_SYSTEMS, PROCEDURE_SYSTEMS, searchCodes } from '../src/db/repositories/codes';
import { importHcpcs } from '../src/importers/hcpcs';
import { importIcd10cm } from '../src/importers/icd10cm';
import { DEMO_PASSWORD, seedDemoData } from '../src/seed/demo';
import { scryptHasher } from '../src/auth/passwords';
import { startPortal } from '../test/browser/helpers/portal';
import { readGenerations } from '../src/db/repositories/cacheGenerations';
import { checkSynonyms, hitRates, type HitRates, type SynonymCheck } from './codeSearchQuality';
import { OFFICE_PHRASINGS } from './officePhrasings';
import { benchPostgres, type BenchPostgres } from './postgres';
import { table } from './table';

// autocannon ships no types; this is the part of its options and result used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<{
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  errors: number;
  statusCodeStats?: Record<string, { count: number }>;
}>;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const DURATION = option('duration', 10);
const CONNECTIONS = option('connections', 10);
/** Each search's runs, for its percentiles. */
const RUNS = option('runs', 200);
const DATABASES = ['both', 'sqlite', 'postgres'] as const;
const DATABASE = ((i) => (i >= 0 ? process.argv[i + 1] : 'both'))(process.argv.indexOf('--database')) as (typeof DATABASES)[number];

/** What providers type: the start of a code (with and without the dot), and words of a description. */
const PREFIXES = [['F11.2', 'diagnosis'], ['f1120', 'diagnosis'], ['E11', 'diagnosis'], ['S72.0', 'diagnosis'], ['M54', 'diagnosis'], ['Z79.8', 'diagnosis'], ['72148', 'procedure'], ['G04', 'procedure'], ['E06', 'procedure'], ['J9', 'procedure']] as const;
const WORDS = [['opioid dependence', 'diagnosis'], ['type 2 diabetes', 'diagnosis'], ['low back pain', 'diagnosis'], ['fracture femur', 'diagnosis'], ['injury', 'diagnosis'], ['hypertension', 'diagnosis'], ['sleep apnea', 'diagnosis'], ['drug test', 'procedure'], ['wheelchair', 'procedure'], ['positive airway pressure', 'procedure']] as const;
/** Single words found in thousands of codes: the search must rank only a bounded few hundred of them. */
const BROAD = [['injury', 'diagnosis'], ['fracture', 'diagnosis'], ['pain', 'diagnosis'], ['disorder', 'diagnosis'], ['unspecified', 'diagnosis'], ['right', 'diagnosis'], ['device', 'procedure'], ['injection', 'procedure']] as const;

/** The searches timed, by class: code prefixes, words of the descriptions, broad words, and each kind of office phrasing. */
const QUERY_CLASSES: [string, readonly (readonly [string, string])[]][] = [
  ['code prefix', PREFIXES],
  ['official words', WORDS.filter(([q]) => q !== 'injury')],
  ['broad word', BROAD],
  ...(['lay words', 'abbreviation', 'misspelling', 'word order'] as const).map((kind): [string, (readonly [string, string])[]] => [kind, OFFICE_PHRASINGS.filter((p) => p.kind === kind).map((p) => [p.typed, p.type] as const)]),
];

const path_ = (q: string, type: string) => `/codes?${new URLSearchParams({ q, type }).toString()}`;

interface Row {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  ratio?: number;
  bad: number;
}

async function load(url: string, cookie: string, paths: string[], duration: number): Promise<Omit<Row, 'scenario'>> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration,
    headers: { cookie },
    requests: paths.map((p) => ({ method: 'GET', path: p })),
  });
  const bad = result.errors + Object.entries(result.statusCodeStats ?? {}).filter(([code]) => code !== '200').reduce((n, [, s]) => n + s.count, 0);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, bad };
}

/** One search run RUNS times after a first run: its 50th and 99th percentile in ms, and what it found. */
async function timeSearch(db: Db, q: string, type: string): Promise<{ p50: number; p99: number; top: string; count: number; times: number[] }> {
  const systems = type === 'diagnosis' ? DIAGNOSIS_SYSTEMS : PROCEDURE_SYSTEMS;
  const times: number[] = [];
  let found = await searchCodes(db, systems, q, 51);
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    found = await searchCodes(db, systems, q, 51);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0;
  return { p50: at(50), p99: at(99), top: found[0] ? `${found[0].code} ${(found[0].description ?? '').slice(0, 40)}` : '(none)', count: found.length, times };
}

function percentiles(times: number[]): { p50: number; p99: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return { p50: at(50), p99: at(99) };
}

/** Signs in as the demo provider like a browser (every cookie kept, the form's CSRF token sent); returns the Cookie header. */
async function signIn(base: string): Promise<string> {
  const jar = new Map<string, string>();
  const visit = async (pathname: string, form?: Record<string, string>) => {
    const res = await fetch(base + pathname, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return { status: res.status, html: await res.text() };
  };
  const page = await visit('/sign-in');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.html)?.[1] ?? '';
  const signedIn = await visit('/sign-in', { _csrf: csrf, username: 'demo.provider', password: DEMO_PASSWORD });
  if (signedIn.status !== 303) throw new Error(`Sign-in answered ${signedIn.status}`);
  const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const check = await fetch(`${base}/codes`, { redirect: 'manual', headers: { cookie } });
  if (check.status !== 200) throw new Error(`Signed in, /codes answered ${check.status}`);
  return cookie;
}

interface Measured {
  imports: { file: string; rows: string; added: string; seconds: number }[];
  searches: Map<string, Awaited<ReturnType<typeof timeSearch>>>;
  classes: Map<string, { p50: number; p99: number; queries: number }>;
  hits: HitRates;
  synonyms: SynonymCheck;
  pages: Row[];
}

/** Imports both files into the database at `location`, times the searches in process, then loads the portal on it. */
async function measure(location: string, icdFile: string, hcpcsFile: string, portalEnv: Record<string, string>): Promise<Measured> {
  const db = openDatabase(location);
  const result: Measured = { imports: [], searches: new Map(), classes: new Map(), hits: { total: 0, at1: 0, at5: 0, byKind: new Map(), misses: [] }, synonyms: { entries: 0, wordings: 0, codes: 0, problems: [] }, pages: [] };
  let portal: Awaited<ReturnType<typeof startPortal>> | undefined;
  try {
    await migrateToLatest(db);
    const timed = async (file: string, run: () => Promise<{ counts: { rows: number; added: number } }>) => {
      const start = process.hrtime.bigint();
      const r = await run();
      result.imports.push({ file, rows: r.counts.rows.toLocaleString('en-US'), added: r.counts.added.toLocaleString('en-US'), seconds: Number(process.hrtime.bigint() - start) / 1e9 });
    };
    await timed(`icd10cm ${path.basename(icdFile)}`, () => importIcd10cm(db, { file: icdFile }));
    await timed(`hcpcs ${path.basename(hcpcsFile)}`, () => importHcpcs(db, { file: hcpcsFile }));
    await timed('icd10cm again (changes nothing)', () => importIcd10cm(db, { file: icdFile }));
    // Demo users to sign in with; the demo code sets are skipped, the official ones being loaded.
    await seedDemoData(db, scryptHasher());
    // As a portal process does after its first request: the synonyms and the word list are read once
    // and kept until an import changes the code sets (cacheGenerations.ts).
    await readGenerations(db);
    for (const [q, type] of [...PREFIXES, ...WORDS]) result.searches.set(`${type} "${q}"`, await timeSearch(db, q, type));
    for (const [name, queries] of QUERY_CLASSES) {
      const times: number[] = [];
      for (const [q, type] of queries) times.push(...(await timeSearch(db, q, type)).times);
      result.classes.set(name, { ...percentiles(times), queries: queries.length });
    }
    result.hits = await hitRates(db);
    result.synonyms = await checkSynonyms(db);
    await db.destroy();

    portal = await startPortal({ ...portalEnv, LOG_LEVEL: 'silent' });
    const cookie = await signIn(portal.url);
    const baseline = await load(portal.url, cookie, ['/codes'], Math.max(3, DURATION / 2));
    result.pages.push({ scenario: 'Code lookup page, no search (baseline)', ...baseline });
    const prefixes = await load(portal.url, cookie, PREFIXES.map(([q, t]) => path_(q, t)), Math.max(3, DURATION / 2));
    result.pages.push({ scenario: 'code prefixes', ...prefixes, ratio: prefixes.rps / baseline.rps });
    const words = await load(portal.url, cookie, WORDS.map(([q, t]) => path_(q, t)), Math.max(3, DURATION / 2));
    result.pages.push({ scenario: 'words (full-text index)', ...words, ratio: words.rps / baseline.rps });
    const mix = await load(portal.url, cookie, PREFIXES.flatMap(([q, t], i) => [path_(q, t), path_(WORDS[i]?.[0] ?? q, WORDS[i]?.[1] ?? t)]), DURATION);
    result.pages.push({ scenario: `mix of prefixes and words, ${DURATION} s`, ...mix, ratio: mix.rps / baseline.rps });
    return result;
  } finally {
    await portal?.stop();
    await db.destroy().catch(() => undefined);
  }
}

/** The 1-minute load average, with the number of cores. */
const loadAverage = () => `${(os.loadavg()[0] ?? 0).toFixed(1)} on ${os.cpus().length} cores`;
const loadAtStart = loadAverage();

async function main(): Promise<void> {
  const [icdFile, hcpcsFile] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  if (!icdFile || !hcpcsFile) {
    process.stderr.write(`Usage: npm run bench:codes -- <icd10cm codes file> <hcpcs file> [--duration 10] [--connections 10] [--database ${DATABASES.join('|')}]\n`);
    process.exit(2);
  }
  // The portals started here are told their database explicitly; DATABASE_URL names the PostgreSQL cluster.
  const databaseUrl = process.env.DATABASE_URL;
  delete process.env.DATABASE_URL;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-bench-codes-'));
  const columns: { label: string; measured: Measured }[] = [];
  let pg: BenchPostgres | undefined;
  try {
    if (DATABASE !== 'postgres') {
      const databaseFile = path.join(dir, 'openpa.sqlite3');
      columns.push({ label: 'SQLite', measured: await measure(databaseFile, icdFile, hcpcsFile, { DATABASE_FILE: databaseFile }) });
    }
    if (DATABASE !== 'sqlite') {
      pg = await benchPostgres(databaseUrl);
      process.stderr.write(`PostgreSQL: ${pg.label}\n`);
      const env = { DATABASE_URL: pg.url, SESSION_SECRET: crypto.randomBytes(32).toString('hex'), UPLOAD_DIR: path.join(dir, 'uploads') };
      columns.push({ label: 'PostgreSQL', measured: await measure(pg.url, icdFile, hcpcsFile, env) });
    }
  } finally {
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  printSideBySide(columns);
}

function printSideBySide(columns: { label: string; measured: Measured }[]): void {
  const first = columns[0]?.measured;
  if (!first) return;
  const labels = columns.map((c) => c.label);
  process.stdout.write(
    `\nImports (${os.cpus().length} cores), seconds\n${table(
      ['file', 'rows', 'added', ...labels],
      first.imports.map((row, i) => [row.file, row.rows, row.added, ...columns.map((c) => (c.measured.imports[i]?.seconds ?? 0).toFixed(2))]),
    )}\n`,
  );
  process.stdout.write(
    `\nSearch in process, ms (p50 / p99 of ${RUNS}, up to 51 rows; target p99 under 3 ms)\n${table(
      ['search', 'rows', ...labels.flatMap((l) => [`${l} p50`, `${l} p99`]), ...labels.map((l) => `${l}: first result`)],
      [...first.searches.keys()].map((key) => {
        const each = columns.map((c) => c.measured.searches.get(key));
        const count = each[0]?.count ?? 0;
        return [key, count === 51 ? '50+' : count, ...each.flatMap((s) => [(s?.p50 ?? 0).toFixed(2), (s?.p99 ?? 0).toFixed(2)]), ...each.map((s) => s?.top ?? '')];
      }),
    )}\n`,
  );
  process.stdout.write(
    `\nSearch in process by query class, ms (p50 / p99 over every run of every search of the class; target p99 under 3 ms; load average ${loadAtStart} at the start, ${loadAverage()} at the end: other processes' load shows in the p99)\n${table(
      ['class', 'searches', ...labels.flatMap((l) => [`${l} p50`, `${l} p99`])],
      [...first.classes.keys()].map((name) => {
        const each = columns.map((c) => c.measured.classes.get(name));
        return [name, each[0]?.queries ?? 0, ...each.flatMap((s) => [(s?.p50 ?? 0).toFixed(2), (s?.p99 ?? 0).toFixed(2)])];
      }),
    )}\n`,
  );
  const rate = (n: number, of: number) => `${n}/${of} (${((100 * n) / Math.max(1, of)).toFixed(0)}%)`;
  process.stdout.write(
    `\nOffice phrasings (bench/officePhrasings.ts): the code a coder would choose, first (@1) and in the first 5 (@5)\n${table(
      ['kind', ...labels.flatMap((l) => [`${l} @1`, `${l} @5`])],
      [
        ...[...first.hits.byKind.keys()].map((kind) => [kind, ...columns.flatMap((c) => { const k = c.measured.hits.byKind.get(kind); return [rate(k?.at1 ?? 0, k?.total ?? 0), rate(k?.at5 ?? 0, k?.total ?? 0)]; })]),
        ['all', ...columns.flatMap((c) => [rate(c.measured.hits.at1, c.measured.hits.total), rate(c.measured.hits.at5, c.measured.hits.total)])],
      ],
    )}\n`,
  );
  for (const c of columns) {
    if (c.measured.hits.misses.length > 0) process.stdout.write(`\n${c.label}, not first:\n${c.measured.hits.misses.map((m) => `  ${m}`).join('\n')}\n`);
    const s = c.measured.synonyms;
    process.stdout.write(`\n${c.label}: OpenPA's synonyms, ${s.entries} entries (${s.wordings} wordings, ${s.codes} codes) checked against the code sets loaded: ${s.problems.length === 0 ? 'every one resolves' : `${s.problems.length} do not`}\n`);
    for (const problem of s.problems) process.stdout.write(`  ${problem}\n`);
  }
  process.stdout.write(
    `\nGET /codes, ${CONNECTIONS} connections, signed in, loopback\n${table(
      ['scenario', ...labels.flatMap((l) => [`${l} req/s`, 'p50 ms', 'p99 ms', 'vs baseline', 'non-200'])],
      first.pages.map((row, i) => [
        row.scenario,
        ...columns.flatMap((c) => {
          const r = c.measured.pages[i];
          return r ? [r.rps.toFixed(0), r.p50.toFixed(1), r.p99.toFixed(1), r.ratio === undefined ? '' : `${(r.ratio * 100).toFixed(0)}%`, r.bad] : ['', '', '', '', ''];
        }),
      ]),
    )}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`The benchmark stopped: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
