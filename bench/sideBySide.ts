/**
 * `npm run bench`: bench/portal.ts run twice, on SQLite and on PostgreSQL, its tables printed side by side.
 * Each run is its own process: the portal it starts takes its database from the environment, a fresh
 * SQLite file, or with DATABASE_URL a new database on that cluster or on a throwaway one (bench/postgres.ts).
 * Arguments go to bench/portal.ts, except --database both|sqlite|postgres. Prints; never fails on a time.
 *
 *   npm run bench -- [--database both] [bench/portal.ts's own options]
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { benchPostgres, type BenchPostgres } from './postgres';

const args = process.argv.slice(2);
const at = args.indexOf('--database');
const database = at >= 0 ? args[at + 1] : 'both';
const passed = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args;

/** Runs bench/portal.ts with this environment; its stderr (progress) passes through, its stdout is returned. */
function runPortalBench(env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, path.join(__dirname, 'portal.ts'), ...passed], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`bench/portal.ts exited with ${code}:\n${out}`))));
  });
}

const cells = (line: string) => line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
const isRule = (line: string) => /^\|[\s:|-]+\|$/.test(line.trim());

/** A run's output as blocks: a table (its rows of cells) or a line of text. */
function blocks(output: string): ({ table: string[][] } | { text: string })[] {
  const result: ({ table: string[][] } | { text: string })[] = [];
  for (const line of output.split('\n')) {
    const last = result[result.length - 1];
    if (line.trim().startsWith('|')) {
      if (isRule(line)) continue;
      if (last && 'table' in last) last.table.push(cells(line));
      else result.push({ table: [cells(line)] });
    } else result.push({ text: line });
  }
  return result;
}

/**
 * The runs' tables joined row by row on their first cell (the scenario), each run's other columns under
 * its database's name; text lines are printed once when the runs agree, else once per database.
 */
export function sideBySide(runs: { label: string; output: string }[]): string {
  const parsed = runs.map((r) => ({ label: r.label, blocks: blocks(r.output) }));
  const first = parsed[0]?.blocks ?? [];
  const lines: string[] = [];
  first.forEach((block, i) => {
    const same = parsed.map((p) => p.blocks[i]);
    if ('table' in block) {
      const tables = same.map((b) => (b && 'table' in b ? b.table : []));
      const [header = [], ...rows] = block.table;
      const head = [header[0] ?? '', ...parsed.flatMap((p) => header.slice(1).map((h) => `${p.label}: ${h}`))];
      lines.push(`| ${head.join(' | ')} |`, `|${head.map((_, c) => (c === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
      for (const row of rows) {
        const matching = tables.map((t) => t.find((r) => r[0] === row[0]) ?? []);
        lines.push(`| ${[row[0] ?? '', ...matching.flatMap((r) => header.slice(1).map((_, c) => r[c + 1] ?? ''))].join(' | ')} |`);
      }
    } else {
      const texts = same.map((b) => (b && 'text' in b ? b.text : ''));
      if (texts.every((t) => t === block.text)) lines.push(block.text);
      else parsed.forEach((p, j) => lines.push(`${p.label}: ${texts[j]}`));
    }
  });
  return lines.join('\n');
}

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  const sqliteEnv = { ...process.env };
  delete sqliteEnv.DATABASE_URL;
  const runs: { label: string; output: string }[] = [];
  if (database !== 'postgres') runs.push({ label: 'SQLite', output: await runPortalBench(sqliteEnv) });
  if (database !== 'sqlite') {
    let pg: BenchPostgres | undefined;
    try {
      pg = await benchPostgres(databaseUrl);
      process.stderr.write(`PostgreSQL: ${pg.label}\n`);
      runs.push({ label: 'PostgreSQL', output: await runPortalBench({ ...sqliteEnv, DATABASE_URL: pg.url, SESSION_SECRET: crypto.randomBytes(32).toString('hex') }) });
    } finally {
      await pg?.stop();
    }
  }
  process.stdout.write(`${sideBySide(runs)}\n`);
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`The benchmark stopped: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  });
}
