import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src/db/database';
import { finalizeStatements, preparedAll, preparedRun, type SqliteConnection } from '../../../src/db/sqliteStatements';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-statements-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a connection that ran prepared statements closes when the pool closes it', async () => {
  const file = path.join(dir, 'db.sqlite3');
  const db = openDatabase(file);
  await db.raw('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  await db.raw("INSERT INTO t VALUES (1, 'a')");
  // Several at once, so that more than one connection of the pool prepares the statement.
  await Promise.all(Array.from({ length: 8 }, () => preparedAll(db, 'SELECT v FROM t WHERE id = ?', [1])));
  // knex-internal: every connection of the pool, closed as the pool closes them. SQLite refuses to close
  // a connection with a statement still prepared (SQLITE_BUSY).
  const client = db.client as unknown as { pool: { numFree(): number }; acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<void>; destroyRawConnection(c: unknown): Promise<void> };
  const connections = await Promise.all(Array.from({ length: client.pool.numFree() }, () => client.acquireConnection()));
  expect(connections.length).toBeGreaterThan(0);
  const closed = await Promise.allSettled(connections.map((c) => client.destroyRawConnection(c)));
  // Whatever happened, nothing is left open for the next test.
  await Promise.all(connections.map((c) => finalizeStatements(c as SqliteConnection)));
  for (const c of connections) await client.releaseConnection(c);
  await db.destroy().catch(() => undefined);
  expect(closed.filter((c) => c.status === 'rejected')).toEqual([]);
  const again = openDatabase(file);
  expect(await again('t').select('v')).toEqual([{ v: 'a' }]);
  await again.destroy();
});

test('a prepared read sees what another connection committed since, and holds no snapshot that stops a checkpoint', async () => {
  const file = path.join(dir, 'db.sqlite3');
  const db = openDatabase(file);
  const other = openDatabase(file);
  try {
    await db.raw('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    await db.raw("INSERT INTO t VALUES (1, 'a')");
    expect(await preparedAll(db, 'SELECT v FROM t WHERE id = ?', [1])).toEqual([{ v: 'a' }]);
    await other('t').where({ id: 1 }).update({ v: 'b' });
    expect(await preparedAll(db, 'SELECT v FROM t WHERE id = ?', [1])).toEqual([{ v: 'b' }]);
    expect(await preparedRun(db, 'UPDATE t SET v = ? WHERE id = ?', ['c', 1])).toBe(1);
    expect(await preparedRun(db, 'UPDATE t SET v = ? WHERE id = ?', ['c', 2])).toBe(0);
    const [checkpoint] = (await other.raw('PRAGMA wal_checkpoint(TRUNCATE)')) as { busy: number }[];
    expect(checkpoint?.busy).toBe(0);
  } finally {
    await other.destroy();
    await db.destroy();
  }
});
