/**
 * `npm run bench`: the portal started as in production, on a database with the full ICD-10-CM and
 * HCPCS loaded, measured on loopback with autocannon against a bare Express route measured in the
 * same run. For each page: the server's own CPU time per request (process.cpuUsage() inside the
 * server process, asked over IPC before and after), req/s and p50/p99; then the code search in
 * process (p99 of each query). Prints figures; never fails on a time.
 *
 *   npm run bench -- [--duration 10] [--connections 10] [--journeys 10000] [--quick] [--sign-ins-only]
 *                    [--icd10cm <codes file>] [--hcpcs <csv file>]
 *
 * --quick measures the pages and the code search only (no sign-in rounds, journeys or memory soak);
 * --only get|post|codes|diagnoses measures that page alone (with the baseline), for profiling;
 * --pages-only skips the code search in process (its own figures, slow to gather) and measures the pages.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scryptHasher } from '../src/auth/passwords';
import { migrateToLatest, openDatabase, type Db } from '../src/db/database';
import { DIAGNOSIS_SYSTEMS, PROCEDURE_SYSTEMS, searchCodes } from '../src/db/repositories/codes';
import { importHcpcs } from '../src/importers/hcpcs';
import { importIcd10cm } from '../src/importers/icd10cm';
import { seedDemoData } from '../src/seed/demo';
import { PortalClient } from '../test/helpers/portalClient';
import { CODE_QUERIES, codeLookupPath } from './codeQueries';
import { table } from './table';
import { startBareExpress, startPortalMeasured, startSignedInFloor, type MeasuredServer } from './server';

// autocannon ships no types; this is the part of its result used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<{ requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; statusCodeStats?: Record<string, { count: number }> }>;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
function pathArg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? String(process.argv[i + 1]) : fallback;
}
const DURATION = arg('duration', 10);
const CONNECTIONS = arg('connections', 10);
const JOURNEYS = arg('journeys', 10_000);
const SIGN_INS_ONLY = process.argv.includes('--sign-ins-only');
const ONLY = process.argv.includes('--only') ? pathArg('only', '') : undefined;
const QUICK = process.argv.includes('--quick') || ONLY !== undefined;
const PAGES_ONLY = process.argv.includes('--pages-only');
const measured = (page: string) => ONLY === undefined || ONLY === page;
const ICD10CM_FILE = pathArg('icd10cm', '../shared/refdata/icd10cm/icd10cm-codes-2026.txt');
const HCPCS_FILE = pathArg('hcpcs', '../shared/refdata/hcpcs/hcpcs_codes_2026_jan.csv');

interface Row {
  scenario: string;
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU per request, in ms (user + system), and the part of it spent in the kernel. */
  cpuMs: number;
  systemMs: number;
  bad: number;
  target?: number;
}

/** Load on one address (or a list of paths), with the server's CPU time read before and after. */
async function measure(server: MeasuredServer, url: string, options: Record<string, unknown> = {}): Promise<Omit<Row, 'scenario'>> {
  const before = await server.cpuMicros();
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, ...options });
  const after = await server.cpuMicros();
  const bad = result.errors + Object.entries(result.statusCodeStats ?? {}).filter(([code]) => !['200', '303'].includes(code)).reduce((n, [, s]) => n + s.count, 0);
  const per = (micros: number) => micros / 1000 / Math.max(1, result.requests.total);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, cpuMs: per(after.user + after.system - before.user - before.system), systemMs: per(after.system - before.system), bad };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/**
 * A fresh database as a plan runs it: the official code sets imported, then the demo data set. On
 * PostgreSQL when DATABASE_URL is set (bench/sideBySide.ts gives each run a new database), else a
 * SQLite file: the portal under test and the in-process searches then use that same database.
 */
async function prepareDatabase(dir: string): Promise<{ file: string; codes: string }> {
  const file = process.env.DATABASE_URL || path.join(dir, 'openpa.sqlite3');
  const db = openDatabase(file);
  try {
    await migrateToLatest(db);
    const loaded: string[] = [];
    if (fs.existsSync(ICD10CM_FILE)) {
      await importIcd10cm(db, { file: ICD10CM_FILE });
      loaded.push(path.basename(ICD10CM_FILE));
    }
    if (fs.existsSync(HCPCS_FILE)) {
      await importHcpcs(db, { file: HCPCS_FILE });
      loaded.push(path.basename(HCPCS_FILE));
    }
    await seedDemoData(db, scryptHasher());
    return { file, codes: loaded.length > 0 ? loaded.join(' and ') : 'the demo code sets only (official files not found)' };
  } finally {
    await db.destroy();
  }
}

/** Each query of the list run `times` times in this process against the same database: p50 and p99 in ms. */
async function searchLatencies(file: string, times = 200): Promise<(string | number)[][]> {
  const db: Db = openDatabase(file);
  try {
    const rows: (string | number)[][] = [];
    for (const { q, type, kind } of CODE_QUERIES) {
      const systems = type === 'diagnosis' ? DIAGNOSIS_SYSTEMS : PROCEDURE_SYSTEMS;
      let found = await searchCodes(db, systems, q, 51);
      const ms: number[] = [];
      for (let i = 0; i < times; i++) {
        const start = process.hrtime.bigint();
        found = await searchCodes(db, systems, q, 51);
        ms.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      ms.sort((a, b) => a - b);
      const p99 = percentile(ms, 99);
      rows.push([`${type} "${q}"`, kind, found.length === 51 ? '50+' : found.length, percentile(ms, 50).toFixed(2), p99.toFixed(2), p99 < 3 ? 'yes' : 'NO', found[0]?.code ?? '(none)']);
    }
    return rows;
  } finally {
    await db.destroy();
  }
}

/**
 * /healthz answered one after another while 20 offices sign in at the same moment (production scrypt
 * cost), each trying again `retryMs` after being told the portal is busy, until all 20 are signed in.
 */
async function healthzDuringSignIns(url: string, pid: number, retryMs: number, offices = 20) {
  const clients = Array.from({ length: offices }, () => Object.assign(new PortalClient(url), { retryBusyAfterMs: retryMs }));
  let signingIn = true;
  const started = Date.now();
  const signIns = Promise.all(clients.map((c) => c.signIn())).finally(() => (signingIn = false));
  const latencies: number[] = [];
  let peakRss = rssMb(pid);
  while (signingIn) {
    const t0 = process.hrtime.bigint();
    const res = await fetch(`${url}/healthz`);
    await res.text();
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    peakRss = Math.max(peakRss, rssMb(pid));
  }
  await signIns;
  latencies.sort((a, b) => a - b);
  return {
    retryMs,
    probes: latencies.length,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies[latencies.length - 1] ?? 0,
    seconds: (Date.now() - started) / 1000,
    busyAnswers: clients.reduce((n, c) => n + c.busyAnswers, 0),
    peakRss,
  };
}

function printSignIns(rounds: Awaited<ReturnType<typeof healthzDuringSignIns>>[]): void {
  console.log('\n/healthz during 20 simultaneous sign-ins (production scrypt cost; target: p99 under 100 ms)\n');
  console.log('| a busy sign-in is tried again after | /healthz p50 ms | p99 ms | max ms | probes | all signed in after s | 503 answers | peak MB |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rounds) {
    console.log(`| ${r.retryMs} ms | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)} | ${r.probes} | ${r.seconds.toFixed(1)} | ${r.busyAnswers} | ${r.peakRss.toFixed(0)} |`);
  }
}

/** An office clicking Sign in again a second later, and a client hammering at once. */
async function signInRounds(url: string, pid: number) {
  return [await healthzDuringSignIns(url, pid, 1000), await healthzDuringSignIns(url, pid, 50)];
}


function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** Complete journeys (sign-in included), then memory over many journeys; prints as it goes. */
async function journeysAndMemory(portal: MeasuredServer): Promise<{ perSecond: number; lines: string[]; pages: PortalClient[] }> {
  const started = Date.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      const c = new PortalClient(portal.url);
      while (Date.now() - started < DURATION * 1000) {
        await c.signIn();
        await c.completeRequest(await c.startRequest());
        done++;
      }
    }),
  );
  const perSecond = done / ((Date.now() - started) / 1000);
  console.error(`  measured journeys; now ${JOURNEYS} journeys for memory`);
  const checkpoints: { journeys: number; rss: number }[] = [{ journeys: 0, rss: rssMb(portal.pid) }];
  let soaked = 0;
  const workers = Array.from({ length: 4 }, () => new PortalClient(portal.url));
  for (const w of workers) await w.signIn();
  const step = Math.max(1, Math.floor(JOURNEYS / 10));
  while (soaked < JOURNEYS) {
    const batch = Math.min(step, JOURNEYS - soaked);
    let next = 0;
    await Promise.all(
      workers.map(async (w) => {
        while (next < batch) {
          next++;
          await w.completeRequest(await w.startRequest());
        }
      }),
    );
    soaked += batch;
    checkpoints.push({ journeys: soaked, rss: rssMb(portal.pid) });
    console.error(`  ${soaked} journeys: ${rssMb(portal.pid).toFixed(0)} MB resident`);
  }
  const first = checkpoints[1]?.rss ?? 0;
  const last = checkpoints[checkpoints.length - 1]?.rss ?? 0;
  return {
    perSecond,
    pages: workers.slice(0, 1),
    lines: [
      `Resident memory: ${checkpoints.map((c) => `${c.journeys}: ${c.rss.toFixed(0)} MB`).join(', ')}`,
      `Growth after the first ${checkpoints[1]?.journeys ?? 0} journeys: ${(last - first).toFixed(1)} MB over ${soaked - (checkpoints[1]?.journeys ?? 0)} more (target: under 150 MB, flat)`,
    ],
  };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-bench-'));
  const servers: MeasuredServer[] = [];
  try {
    console.error('  preparing the database (official code sets, demo data)');
    const database = await prepareDatabase(dir);
    // One secret for the portal and the signed-in floor, so the portal's session cookie works on both.
    const sessionSecret = process.env.SESSION_SECRET ?? crypto.randomBytes(32).toString('hex');
    const portal = await startPortalMeasured(database.file, path.join(dir, 'uploads'), { SESSION_SECRET: sessionSecret });
    servers.push(portal);
    if (SIGN_INS_ONLY) {
      printSignIns(await signInRounds(portal.url, portal.pid));
      return;
    }
    // First, while the address has made no other attempts to sign in.
    const signIns = QUICK ? [] : await signInRounds(portal.url, portal.pid);
    const bare = await startBareExpress();
    servers.push(bare);

    const rows: Row[] = [];
    console.error('  bare Express');
    rows.push({ scenario: 'baseline: bare Express GET', ...(await measure(bare, bare.url)) });

    const client = new PortalClient(portal.url);
    await client.signIn();
    const journey = await client.startRequest();
    // One journey for each connection to post to: a connection sends one request at a time, so no two
    // posts race for the same journey's version (a race is a 409, a different page).
    const postJourneys: string[] = [];
    for (let i = 0; i < CONNECTIONS; i++) postJourneys.push(await client.startRequest());
    const headers = { cookie: client.cookie };
    // What every signed-in page costs before its own work: the same middleware, an empty page.
    const floor = await startSignedInFloor(database.file, sessionSecret);
    servers.push(floor);
    console.error('  signed-in floor');
    rows.push({ scenario: 'floor: signed-in middleware alone, empty page', ...(await measure(floor, floor.url, { headers })) });
    await floor.stop();
    console.error('  wizard page GET');
    if (measured('get')) rows.push({ scenario: 'wizard page GET (signed in)', ...(await measure(portal, `${portal.url}${journey}/care-setting`, { headers })), target: 3 });
    console.error('  wizard step POST');
    const body = new URLSearchParams({ _csrf: client.csrf, careSetting: 'outpatient', categoryId: 'drug-testing' }).toString();
    let connection = 0;
    const postHeaders = { ...headers, 'content-type': 'application/x-www-form-urlencoded' };
    const setupClient = (c: { setRequests(r: Record<string, unknown>[]): void }) => c.setRequests([{ method: 'POST', path: `${postJourneys[connection++ % postJourneys.length]}/care-setting`, headers: postHeaders, body }]);
    if (measured('post')) rows.push({ scenario: 'wizard step POST (validate, save)', ...(await measure(portal, portal.url, { method: 'POST', headers: postHeaders, body, setupClient })), target: 5 });
    console.error('  code search page');
    const requests = CODE_QUERIES.map(({ q, type }) => ({ method: 'GET', path: codeLookupPath(q, type) }));
    if (measured('codes')) rows.push({ scenario: `code search page (${CODE_QUERIES.length} queries in turn)`, ...(await measure(portal, portal.url, { headers, requests })), target: 5 });
    if (measured('diagnoses')) rows.push({ scenario: 'diagnosis page GET (signed in)', ...(await measure(portal, `${portal.url}${journey}/diagnoses`, { headers })) });

    const journeys = QUICK ? undefined : await journeysAndMemory(portal);
    await portal.stop();
    if (!PAGES_ONLY) console.error('  code search in process');
    const searches = measured('codes') && !PAGES_ONLY ? await searchLatencies(database.file) : [];

    const base = rows[0]!;
    console.log(`\nOpenPA benchmark (loopback, ${CONNECTIONS} connections, ${DURATION} s each, ${os.cpus().length} cores; codes: ${database.codes})\n`);
    console.log('Server CPU per request is process.cpuUsage() in the server process over the run, divided by the requests answered.\n');
    console.log(
      table(
        ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'server CPU ms/request', 'of which system', 'x bare Express', 'target', 'met', 'not 200/303'],
        rows.map((r) => {
          const ratio = r.cpuMs / base.cpuMs;
          return [r.scenario, r.rps.toFixed(0), r.p50.toFixed(1), r.p99.toFixed(1), r.cpuMs.toFixed(3), r.systemMs.toFixed(3), ratio.toFixed(2), r.target ? `<= ${r.target}x` : '', r.target ? (ratio <= r.target ? 'yes' : 'NO') : '', r.bad];
        }),
      ),
    );
    console.log(`\nCode search in process (200 runs each, up to 51 rows; target: p99 under 3 ms)\n`);
    console.log(table(['search', 'kind', 'rows', 'p50 ms', 'p99 ms', 'under 3 ms', 'first result'], searches));
    if (journeys) {
      console.log(`\nComplete journeys (sign-in to results page, 4 clients): ${journeys.perSecond.toFixed(1)} per second`);
      printSignIns(signIns);
      for (const line of journeys.lines) console.log(line);
      const css = fs.statSync('public/css/openpa.css').size;
      console.log(`\nPage weight (largest HTML of each page + ${(css / 1024).toFixed(1)} KB CSS; target under 30 KB, no JavaScript):`);
      for (const [page, bytes] of [...client.pageBytes, ...(journeys.pages[0]?.pageBytes ?? [])].sort()) console.log(`  ${page}: ${((bytes + css) / 1024).toFixed(1)} KB`);
    }
  } finally {
    for (const s of servers) await s.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
