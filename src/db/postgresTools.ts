import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './database';

/**
 * PostgreSQL's own programs for a database as a whole (pg_dump, pg_restore, psql), run with the
 * portal's DATABASE_URL. The password goes to the program in PGPASSWORD, never on its command line,
 * where every user of the machine could read it (ps).
 */

/** A PostgreSQL program failed; `output` is what it said on stderr. */
export class PostgresProgramError extends Error {
  constructor(
    readonly program: string,
    readonly output: string,
  ) {
    super(`${program} failed: ${output.trim().split('\n').slice(-3).join('; ') || 'no message'}`);
  }
}

/**
 * Where a program is: Debian keeps each major version's programs in /usr/lib/postgresql/<N>/bin and
 * puts wrappers on PATH only with postgresql-common; the newest version reads the archives of every
 * older server. Falls back to PATH.
 */
export function postgresProgram(name: 'pg_dump' | 'pg_restore' | 'psql'): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const file = path.join(root, version, 'bin', name);
    if (fs.existsSync(file)) return file;
  }
  return name;
}

/** A database as the programs take it: --dbname, and the environment that carries the rest. */
export interface LibpqTarget {
  dbname: string;
  env: NodeJS.ProcessEnv;
}

/** From an address (DATABASE_URL): the password moves to PGPASSWORD. */
export function libpqTarget(url: string): LibpqTarget {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/** The database a knex instance is connected to (knex keeps its address as parts: host, port, user...). */
export function libpqTargetOf(db: Db): LibpqTarget {
  const c = db.client.config.connection as { host?: string; port?: string | number; user?: string; password?: string; database?: string } | string;
  if (typeof c === 'string') return libpqTarget(c);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (c.host) env.PGHOST = c.host;
  if (c.port) env.PGPORT = String(c.port);
  if (c.user) env.PGUSER = c.user;
  if (c.password) env.PGPASSWORD = c.password;
  return { dbname: c.database ?? '', env };
}

interface Run {
  env?: NodeJS.ProcessEnv;
  /** Another program whose stdout is this one's stdin. */
  input?: { program: string; args: string[] };
}

/** Runs a program (optionally fed by another); resolves with its stdout, rejects with what it said. */
export function runProgram(program: string, args: string[], options: Run = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(postgresProgram(program as 'psql'), args, { env: options.env ?? process.env, stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let feeder: ReturnType<typeof spawn> | undefined;
    let feederErr = '';
    if (options.input) {
      feeder = spawn(postgresProgram(options.input.program as 'psql'), options.input.args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
      feeder.stdout?.pipe(child.stdin!);
      feeder.stderr?.on('data', (d: Buffer) => (feederErr += d.toString()));
      feeder.on('error', reject);
    }
    const out: Buffer[] = [];
    let err = '';
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => reject((e as NodeJS.ErrnoException).code === 'ENOENT' ? new PostgresProgramError(program, `${program} is not installed (Debian's postgresql-client package)`) : e));
    child.on('close', (code) => {
      const fed = feeder ? feeder.exitCode : 0;
      if (code === 0 && (fed === 0 || fed === null)) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new PostgresProgramError(code !== 0 ? program : options.input!.program, code !== 0 ? err : feederErr));
    });
  });
}

/** The rows of some tables of a pg_dump archive, read from the archive alone (COPY text format). */
export async function archiveRows(file: string, tables: readonly string[]): Promise<Map<string, Record<string, string | null>[]>> {
  const text = await runProgram('pg_restore', ['--data-only', '--file=-', ...tables.map((t) => `--table=${t}`), file]);
  const found = new Map<string, Record<string, string | null>[]>(tables.map((t) => [t, []]));
  let rows: Record<string, string | null>[] | undefined;
  let columns: string[] = [];
  for (const line of text.split('\n')) {
    const copy = /^COPY (?:\w+\.)?"?(\w+)"? \(([^)]*)\) FROM stdin;$/.exec(line);
    if (copy) {
      rows = found.get(copy[1] ?? '') ?? [];
      found.set(copy[1] ?? '', rows);
      columns = (copy[2] ?? '').split(', ').map((c) => c.replace(/"/g, ''));
    } else if (line === '\\.') {
      rows = undefined;
    } else if (rows) {
      const values = line.split('\t').map((v) => (v === '\\N' ? null : v.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c] ?? c)));
      rows.push(Object.fromEntries(columns.map((c, i) => [c, values[i] ?? null])));
    }
  }
  return found;
}

/** Schemas a restore keeps the previous data in (before_restore_<time>): not part of a backup. */
export const PREVIOUS_DATA_SCHEMAS = 'before_restore_*';

/** pg_dump's custom format: compressed, and pg_restore can read single tables from it. */
export async function dumpDatabase({ dbname, env }: LibpqTarget, file: string): Promise<void> {
  await runProgram('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--exclude-schema=${PREVIOUS_DATA_SCHEMAS}`, `--file=${file}`, `--dbname=${dbname}`], { env });
}

/** Sessions connected to the database other than this one (the portal, an import, psql). */
export async function otherSessions(db: Db): Promise<number> {
  const { rows } = await db.raw("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'");
  return (rows as { n: number }[])[0]?.n ?? 0;
}

/** What psql says when the restore found the database in use after all. */
export const IN_USE = 'OpenPA restore: the database is in use';

/**
 * Puts an archive in place of the database's public schema, in ONE transaction (psql --single-transaction):
 * it checks that no other session is connected, renames the public schema to `previousSchema` (kept,
 * not dropped) and creates the archive's objects in a new, empty public schema. Any error rolls all of
 * it back, so the database is either the backup or exactly as it was.
 */
export async function restoreDatabase(url: string, file: string, previousSchema: string): Promise<void> {
  if (!/^before_restore_\w+$/.test(previousSchema)) throw new Error(`Not a schema name for the previous data: ${previousSchema}`);
  const { dbname, env } = libpqTarget(url);
  const prepare = `DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend') THEN
      RAISE EXCEPTION '${IN_USE}';
    END IF;
  END $$;
  ALTER SCHEMA public RENAME TO ${previousSchema};
  CREATE SCHEMA public;`;
  await runProgram('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '--single-transaction', `--dbname=${dbname}`, '-c', prepare, '-f', '-'], {
    env,
    input: { program: 'pg_restore', args: ['--no-owner', '--no-privileges', '--file=-', file] },
  });
}
