import fs from 'node:fs';
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { Db } from '../../src/db/database';
import { diskFileStorage, type FileStorage } from '../../src/services/fileStorage';

/** An error as Node.js's fs gives it for a full (ENOSPC) or read-only (EROFS) disk. */
export function systemError(code: 'ENOSPC' | 'EROFS', syscall: string): NodeJS.ErrnoException {
  const text = code === 'ENOSPC' ? 'no space left on device' : 'read-only file system';
  return Object.assign(new Error(`${code}: ${text}, ${syscall}`), { code, syscall, errno: code === 'ENOSPC' ? -28 : -30 });
}

export type StorageFault = 'none' | 'ENOSPC on write' | 'EROFS on create' | 'EROFS on move';

/** The real upload folder, until the test says the disk is full or read-only. */
export function faultyFileStorage(): FileStorage & { fault: StorageFault } {
  return {
    fault: 'none',
    createFile(filePath) {
      if (this.fault === 'EROFS on create') throw systemError('EROFS', `mkdir '${filePath}'`);
      if (this.fault !== 'ENOSPC on write') return diskFileStorage.createFile(filePath);
      // A file that opens but cannot take its first bytes, as on a full disk.
      const real = diskFileStorage.createFile(filePath);
      return new Writable({
        write(_chunk, _encoding, done) {
          done(systemError('ENOSPC', 'write'));
        },
        destroy(err, done) {
          real.destroy();
          done(err);
        },
      });
    },
    moveFile(from, to) {
      if (this.fault === 'EROFS on move') throw systemError('EROFS', `rename '${from}' -> '${to}'`);
      diskFileStorage.moveFile(from, to);
    },
  };
}

interface RawConnection {
  run: (sql: string, ...rest: unknown[]) => unknown;
  all: (sql: string, ...rest: unknown[]) => unknown;
}

/** A node-postgres connection, as knex's PostgreSQL client calls it. */
interface RawPgConnection {
  query: (config: { text: string }, cb: (err: Error | null, result?: unknown) => void) => unknown;
}

/**
 * Makes the database answer as it does when its file or disk is full (SQLITE_FULL; PostgreSQL's
 * disk_full, 53100) to every statement `matches` picks, until stop() is called. It wraps the
 * connections knex hands out (and so also those of transactions), leaving the rest of the database working.
 */
export function failStatements(db: Db, matches: (sql: string) => boolean): { stop(): void; failed(): number } {
  let active = true;
  let failed = 0;
  const wrapped = new WeakSet<object>();
  const client = db.client as { acquireConnection(): Promise<RawConnection | RawPgConnection> };
  const acquire = client.acquireConnection.bind(client);
  const wrapPg = (conn: RawPgConnection) => {
    const original = conn.query;
    conn.query = function (this: RawPgConnection, config, cb) {
      if (active && matches(config.text) && typeof cb === 'function') {
        failed++;
        const err = Object.assign(new Error('could not extend file "base/16384/16385": No space left on device'), { code: '53100' });
        process.nextTick(() => cb(err));
        return undefined;
      }
      return original.call(this, config, cb);
    };
  };
  const wrap = (conn: RawConnection | RawPgConnection) => {
    if (wrapped.has(conn)) return;
    wrapped.add(conn);
    if (!('run' in conn)) return wrapPg(conn);
    for (const method of ['run', 'all'] as const) {
      const original = conn[method];
      conn[method] = function (this: RawConnection, sql: string, ...rest: unknown[]) {
        const cb = rest[rest.length - 1];
        if (active && matches(sql) && typeof cb === 'function') {
          failed++;
          const err = Object.assign(new Error('SQLITE_FULL: database or disk is full'), { errno: 13, code: 'SQLITE_FULL' });
          process.nextTick(() => (cb as (err: Error) => void).call(this, err));
          return this;
        }
        return original.call(this, sql, ...rest);
      };
    }
  };
  client.acquireConnection = async () => {
    const conn = await acquire();
    wrap(conn);
    return conn;
  };
  return {
    stop() {
      active = false;
    },
    failed: () => failed,
  };
}

/** Runs `run` while the statements `matches` picks answer SQLITE_FULL; says how many did. */
export async function whileStatementsFail<T>(db: Db, matches: (sql: string) => boolean, run: () => Promise<T>): Promise<{ result: T; failed: number }> {
  const failing = failStatements(db, matches);
  try {
    const result = await run();
    return { result, failed: failing.failed() };
  } finally {
    failing.stop();
  }
}

/** A logger whose lines the test can read: level and message of each. */
export function capturingLogger(): { logger: Logger; lines: () => { level: string; msg: string; err?: { message?: string } }[] } {
  const chunks: string[] = [];
  const logger = pino(
    { level: 'info', base: undefined, formatters: { level: (label) => ({ level: label }) } },
    { write: (line: string) => void chunks.push(line) },
  );
  return { logger, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

export function filesIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}
