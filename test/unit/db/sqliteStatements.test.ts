import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../../src/db/database';
import { preparedAll, preparedRun } from '../../../src/db/sqliteStatements';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-statements-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a database whose connections ran prepared statements closes, and its file opens again', async () => {
  const file = path.join(dir, 'db.sqlite3');
  const db = openDatabase(file);
  await db.raw('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
  await db.raw("INSERT INTO t VALUES (1, 'a')");
  // Several at once, so that more than one connection of the pool prepares the statement.
  await Promise.all(Array.from({ length: 8 }, () => preparedAll(db, 'SELECT v FROM t WHERE id = ?', [1])));
  await db.destroy();
  // The last connection to close checkpoints and removes the write-ahead log: none was left open.
  expect(fs.existsSync(`${file}-wal`)).toBe(false);
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
