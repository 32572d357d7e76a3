/**
 * `npm run bench:queue`: the plan's review queue with 100,000 submitted requests in the database.
 * Fills a new database (batched inserts) with requests from the demo offices for the demo members,
 * a share of them still waiting for the plan (expedited and standard, due times spread around now,
 * some assigned to the nurse, every category), the rest decided; then times the queue's query in
 * process (the first page, each filter, a deep page) and the queue page over HTTP, signed in as the
 * demo nurse, each RUNS times after one warm-up run, and prints p50/p99. On SQLite and on PostgreSQL
 * side by side (`--database sqlite` or `postgres` for one): PostgreSQL is a new database on the
 * cluster of DATABASE_URL, or on a throwaway cluster (bench/postgres.ts). Prints figures; never fails
 * on a time.
 *
 *   npm run bench:queue [-- --requests 100000] [--waiting 0.02] [--runs 50] [--database sqlite|postgres|both]
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app';
import { scryptHasher } from '../src/auth/passwords';
import { migrateToLatest, openDatabase, type Db } from '../src/db/database';
import { isPostgres } from '../src/db/dialect';
import { listReviewQueue, type QueueFilters } from '../src/db/repositories/reviewQueue';
import { decisionDue } from '../src/domain/reviewClock';
import { createLogger } from '../src/logger';
import { seedDemoData } from '../src/seed/demo';
import { PortalClient } from '../test/helpers/portalClient';
import { QUEUE_PAGE_SIZE } from '../src/routes/plan';
import { benchPostgres, type BenchPostgres } from './postgres';
import { table } from './table';

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const REQUESTS = option('requests', 100_000);
/** The share of requests waiting for the plan: a week's arrivals, a few of which are pended. */
const WAITING = option('waiting', 0.02);
const RUNS = option('runs', 50);
const DATABASES = ['sqlite', 'postgres', 'both'] as const;
const DATABASE = ((i) => (i >= 0 ? process.argv[i + 1] : 'both'))(process.argv.indexOf('--database')) as (typeof DATABASES)[number];
const HOUR = 3_600_000;
/** Requests per insert: their lines (up to two each) stay under SQLite's 500 rows of a multi-row insert. */
const BATCH = 200;

/** A small deterministic generator, so each run fills the same rows. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Fills the database with REQUESTS requests received over the last year; returns how many wait for the plan. */
export async function fill(db: Db, now: Date): Promise<{ waiting: number; seconds: number }> {
  const started = process.hrtime.bigint();
  const offices = await db('users').whereIn('role', ['provider', 'org_admin']).select('id', 'organization_id');
  const nurse = await db('users').where({ username: 'demo.nurse' }).first('id');
  const members = await db('members').pluck('id');
  const providers = await db('providers').orderBy('id').limit(200).pluck('id');
  const categories = await db('service_categories').select('id', 'care_setting', 'name');
  const codes = ['E0601', 'E0470', 'K0001', '95810', '72148', '80324', '97110', '99222'];
  const firstRequest = Number((await db('auth_requests').max({ n: 'id' }).first())?.n ?? 0) + 1;
  const firstLine = Number((await db('request_lines').max({ n: 'id' }).first())?.n ?? 0) + 1;
  const next = random(12);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  let waiting = 0;
  let lineId = firstLine;
  for (let start = 0; start < REQUESTS; start += BATCH) {
    const requests: Record<string, unknown>[] = [];
    const lines: Record<string, unknown>[] = [];
    for (let i = start; i < Math.min(REQUESTS, start + BATCH); i++) {
      const id = firstRequest + i;
      const office = pick(offices);
      const category = pick(categories);
      const isWaiting = next() < WAITING;
      const priority = next() < 0.1 ? 'expedited' : 'standard';
      // Waiting requests were received in the last 12 days (some overdue); decided ones over the last year.
      const receivedAt = new Date(now.getTime() - (isWaiting ? next() * 12 * 24 : next() * 365 * 24) * HOUR);
      const date = receivedAt.toISOString().slice(0, 10);
      const status = isWaiting ? 'Pended' : next() < 0.8 ? 'Approved' : 'Denied';
      if (isWaiting) waiting++;
      requests.push({
        id, reference_number: String(900_000_000 + i), authorization_number: `EPS-B${String(i).padStart(8, '0')}`, journey_id: `bench-${i}`,
        organization_id: office.organization_id, submitted_by: office.id, member_id: pick(members), care_setting: category.care_setting, category_id: category.id,
        request_type: category.name, servicing_provider_id: pick(providers), start_date: date, end_date: date, treatment_type: 'Durable medical equipment', place_of_service: '11',
        contact_name: 'Pat Office', contact_phone: '(312) 555-0142', contact_fax: '(312) 555-0143', status, submitted_at: receivedAt.toISOString(), priority,
        due_at: decisionDue(receivedAt, priority).toISOString(), assigned_to: isWaiting && next() < 0.3 ? nurse.id : null,
      });
      const lineCount = next() < 0.3 ? 2 : 1;
      for (let n = 1; n <= lineCount; n++) {
        lines.push({ id: lineId++, request_id: id, line_number: n, code: pick(codes), code_system: 'HCPCS', units: 1, from_date: date, to_date: date, status: isWaiting ? 'Pended' : status, decision_count: 1 });
      }
    }
    await db.transaction(async (trx) => {
      await trx('auth_requests').insert(requests);
      await trx('request_lines').insert(lines);
    });
  }
  if (isPostgres(db)) {
    // Explicit ids were inserted: the sequences move past them, as the portal's own inserts need.
    for (const t of ['auth_requests', 'request_lines']) await db.raw(`SELECT setval(pg_get_serial_sequence('${t}', 'id'), (SELECT max(id) FROM ${t}))`);
  }
  await db.raw('ANALYZE');
  return { waiting, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

function percentiles(times: number[]): { p50: number; p99: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  return { p50: at(50), p99: at(99) };
}

async function timed(run: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    await run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return percentiles(times);
}

interface Measured {
  fillSeconds: number;
  waiting: number;
  queries: Map<string, { p50: number; p99: number; rows: number; total: number }>;
  pages: Map<string, { p50: number; p99: number; bytes: number }>;
}

async function measure(location: string): Promise<Measured> {
  const db = openDatabase(location);
  const now = new Date();
  const server = { close: () => undefined } as { close: () => void };
  const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-bench-queue-uploads-'));
  try {
    await migrateToLatest(db);
    await seedDemoData(db, scryptHasher());
    const filled = await fill(db, now);
    const nurse = (await db('users').where({ username: 'demo.nurse' }).first('id')).id as number;
    const none: QueueFilters = { expeditedOnly: false, overdueOnly: false };
    const deepOffset = Math.max(0, Math.floor((filled.waiting - 1) / QUEUE_PAGE_SIZE) * QUEUE_PAGE_SIZE);
    const scenarios: [string, QueueFilters, number, string][] = [
      ['first page, no filter', none, 0, ''],
      ['expedited only', { ...none, expeditedOnly: true }, 0, 'expedited=yes'],
      ['overdue only', { ...none, overdueOnly: true }, 0, 'overdue=yes'],
      ['category: sleep studies', { ...none, categoryId: 'sleep-studies' }, 0, 'category=sleep-studies'],
      ['assigned to me', { ...none, assigned: { to: 'me', userId: nurse } }, 0, 'assigned=me'],
      ['unassigned', { ...none, assigned: { to: 'nobody' } }, 0, 'assigned=nobody'],
      [`deep page (the last, offset ${deepOffset.toLocaleString('en-US')})`, none, deepOffset, `page=${deepOffset / QUEUE_PAGE_SIZE + 1}`],
    ];
    const result: Measured = { fillSeconds: filled.seconds, waiting: filled.waiting, queries: new Map(), pages: new Map() };
    for (const [name, filters, offset] of scenarios) {
      let found = { rows: [] as unknown[], total: 0 };
      const times = await timed(async () => {
        found = await listReviewQueue(db, filters, now, { offset, limit: QUEUE_PAGE_SIZE });
      });
      result.queries.set(name, { ...times, rows: found.rows.length, total: found.total });
    }

    // The queue page over HTTP: the portal in this process, on a free loopback port.
    const app = createApp({
      db,
      config: { sessionSecret: 'bench-secret-bench-secret-bench-secret-123', sessionIdleMinutes: 30, nodeEnv: 'production', uploadDir, planFaxNumber: '(312) 555-0199' },
      logger: createLogger('silent'),
      passwordHasher: scryptHasher(),
      clock: () => now,
    });
    const listening = app.listen(0, '127.0.0.1');
    server.close = () => listening.close();
    await new Promise<void>((resolve) => listening.once('listening', () => resolve()));
    const base = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
    const nurseClient = new PortalClient(base);
    await nurseClient.signIn('demo.nurse');
    const cookie = nurseClient.cookie;
    for (const [name, , , query] of scenarios) {
      let bytes = 0;
      const times = await timed(async () => {
        const res = await fetch(`${base}/plan/queue${query ? `?${query}` : ''}`, { headers: { cookie } });
        if (res.status !== 200) throw new Error(`GET /plan/queue?${query} answered ${res.status}`);
        bytes = (await res.arrayBuffer()).byteLength;
      });
      result.pages.set(name, { ...times, bytes });
    }
    return result;
  } finally {
    server.close();
    await db.destroy();
    fs.rmSync(uploadDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!DATABASES.includes(DATABASE)) {
    process.stderr.write(`Usage: npm run bench:queue -- [--requests 100000] [--waiting 0.02] [--runs 50] [--database ${DATABASES.join('|')}]\n`);
    process.exit(2);
  }
  const databaseUrl = process.env.DATABASE_URL;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-bench-queue-'));
  const columns: { label: string; measured: Measured }[] = [];
  let pg: BenchPostgres | undefined;
  try {
    if (DATABASE !== 'postgres') columns.push({ label: 'SQLite', measured: await measure(path.join(dir, 'openpa.sqlite3')) });
    if (DATABASE !== 'sqlite') {
      pg = await benchPostgres(databaseUrl);
      process.stderr.write(`PostgreSQL: ${pg.label}\n`);
      columns.push({ label: 'PostgreSQL', measured: await measure(pg.url) });
    }
  } finally {
    await pg?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  print(columns);
}

function print(columns: { label: string; measured: Measured }[]): void {
  const first = columns[0]?.measured;
  if (!first) return;
  const labels = columns.map((c) => c.label);
  process.stdout.write(
    `\n${REQUESTS.toLocaleString('en-US')} requests, ${first.waiting.toLocaleString('en-US')} waiting for the plan (${os.cpus().length} cores); filled in ${columns.map((c) => `${c.measured.fillSeconds.toFixed(1)} s (${c.label})`).join(', ')}\n`,
  );
  process.stdout.write(
    `\nThe queue's query in process (count and one page of ${QUEUE_PAGE_SIZE}), ms, p50 / p99 of ${RUNS}\n${table(
      ['query', 'matching', ...labels.flatMap((l) => [`${l} p50`, `${l} p99`])],
      [...first.queries.keys()].map((key) => {
        const each = columns.map((c) => c.measured.queries.get(key));
        return [key, (each[0]?.total ?? 0).toLocaleString('en-US'), ...each.flatMap((q) => [(q?.p50 ?? 0).toFixed(2), (q?.p99 ?? 0).toFixed(2)])];
      }),
    )}\n`,
  );
  process.stdout.write(
    `\nGET /plan/queue over HTTP (loopback, signed in as demo.nurse, one at a time), ms, p50 / p99 of ${RUNS}\n${table(
      ['page', 'KB', ...labels.flatMap((l) => [`${l} p50`, `${l} p99`])],
      [...first.pages.keys()].map((key) => {
        const each = columns.map((c) => c.measured.pages.get(key));
        return [key, ((each[0]?.bytes ?? 0) / 1024).toFixed(1), ...each.flatMap((p) => [(p?.p50 ?? 0).toFixed(2), (p?.p99 ?? 0).toFixed(2)])];
      }),
    )}\n`,
  );
}

if (require.main === module) main().catch((err) => {
  // A failed insert's message quotes its every row: the start says enough.
  process.stderr.write(`The benchmark stopped: ${String((err as Error).stack ?? err).slice(0, 2000)}\n`);
  process.exit(1);
});
