import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backupTo } from '../../src/backup';
import { runRestore } from '../../src/cli/restore';
import type { Io } from '../../src/cli/import';
import { migrateToLatest, openDatabase } from '../../src/db/database';
import { addUser } from '../helpers/restoreUsers';
import { freshTestDatabase, type TestDatabase } from '../helpers/testDatabase';

/** npm run restore on PostgreSQL: a pg_dump archive into the database of DATABASE_URL, uploads as on SQLite. */
let database: TestDatabase;
let dir: string;
let uploadDir: string;
let backupFile: string;
let out: string[];
let err: string[];
const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
const NOW = new Date('2026-11-29T10:15:00.000Z');
const target = () => ({ databaseFile: '', databaseUrl: database.location, uploadDir, now: NOW });

async function usernames(): Promise<string[]> {
  const db = openDatabase(database.location);
  try {
    return (await db('users').orderBy('username').select('username')).map((u) => u.username);
  } finally {
    await db.destroy();
  }
}

beforeEach(async () => {
  database = await freshTestDatabase();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-pg-restore-'));
  uploadDir = path.join(dir, 'uploads');
  backupFile = path.join(dir, 'backups', 'openpa-2026-11-28.dump');
  out = [];
  err = [];
  await migrateToLatest(database.db);
  await addUser(database.db, 'before.backup');
  fs.mkdirSync(uploadDir);
  fs.writeFileSync(path.join(uploadDir, 'kept.pdf'), 'in the backup');
  await backupTo(database.db, uploadDir, backupFile);
  await addUser(database.db, 'after.backup');
  fs.writeFileSync(path.join(uploadDir, 'late.pdf'), 'uploaded after the backup');
});
afterEach(async () => {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('refuses while another session is connected to the database, and changes nothing', async () => {
  // The "portal" keeps a connection open, as a running portal process does.
  await database.db.raw('SELECT 1');
  expect(await runRestore([backupFile], target(), io)).toBe(1);
  expect(err).toEqual(['Nothing was restored: The database is in use (a portal process, an import or another program is connected to it): stop every portal process, then restore']);
  expect(await usernames()).toEqual(['after.backup', 'before.backup']);
  expect(fs.readdirSync(uploadDir).sort()).toEqual(['kept.pdf', 'late.pdf']);
  expect(fs.readdirSync(dir).sort()).toEqual(['backups', 'uploads']);
});

test('with every portal stopped, restores the database and only the backup\'s files, keeps the previous ones aside and says so', async () => {
  await database.db.destroy();
  expect(await runRestore([backupFile], target(), io)).toBe(0);
  expect(err).toEqual([]);
  expect(out[0]).toMatch(/^Restored postgres:\/\/.+ from .+openpa-2026-11-28\.dump: 1 users, 0 requests, 0 newborn notifications, 0 attachments\.$/);
  expect(await usernames()).toEqual(['before.backup']);
  expect(fs.readdirSync(uploadDir)).toEqual(['kept.pdf']);
  expect(fs.readdirSync(`${uploadDir}.before-restore-20261129T101500Z`).sort()).toEqual(['kept.pdf', 'late.pdf']);
  expect(out.join('\n')).toContain('kept in the schema before_restore_20261129t101500z');
  // The previous data is still there, in its own schema, and a backup leaves it out.
  const db = openDatabase(database.location);
  try {
    const kept = await db.withSchema('before_restore_20261129t101500z').from('users').orderBy('username').pluck('username');
    expect(kept).toEqual(['after.backup', 'before.backup']);
    await migrateToLatest(db);
    await backupTo(db, uploadDir, path.join(dir, 'again.dump'));
  } finally {
    await db.destroy();
  }
  expect(await runRestore([path.join(dir, 'again.dump')], { ...target(), now: new Date('2026-11-29T11:00:00Z') }, io)).toBe(0);
  expect(await usernames()).toEqual(['before.backup']);
});

test('refuses a file that is not a PostgreSQL backup, and changes nothing', async () => {
  await database.db.destroy();
  const notABackup = path.join(dir, 'notes.dump');
  fs.writeFileSync(notABackup, 'not a database');
  fs.mkdirSync(`${notABackup}-uploads`);
  expect(await runRestore([notABackup], target(), io)).toBe(1);
  expect(err[0]).toMatch(/^Nothing was restored: .+notes\.dump is not a backup of a PostgreSQL database/);
  expect(await usernames()).toEqual(['after.backup', 'before.backup']);
});
