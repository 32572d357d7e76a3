import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backupTo } from '../../../src/backup';
import { runRestore } from '../../../src/cli/restore';
import type { Io } from '../../../src/cli/import';
import { migrateToLatest, openDatabase, type Db } from '../../../src/db/database';
import { addUser } from '../../helpers/restoreUsers';

let dir: string;
let databaseFile: string;
let uploadDir: string;
let backupFile: string;
let out: string[];
let err: string[];
const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
const NOW = new Date('2026-11-29T10:15:00.000Z');
const target = () => ({ databaseFile, uploadDir, now: NOW });

async function usernames(file: string): Promise<string[]> {
  const db = openDatabase(file);
  try {
    return (await db('users').orderBy('username').select('username')).map((u) => u.username);
  } finally {
    await db.destroy();
  }
}

/** The portal's data as a list of names: what "nothing changed" compares. */
function listing(): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String).sort();
}

let portal: Db;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-restore-'));
  databaseFile = path.join(dir, 'data', 'openpa.sqlite3');
  uploadDir = path.join(dir, 'uploads');
  backupFile = path.join(dir, 'backups', 'openpa-2026-11-28.sqlite3');
  out = [];
  err = [];
  // The portal's state at backup time: one user, one uploaded file.
  portal = openDatabase(databaseFile);
  await migrateToLatest(portal);
  await addUser(portal, 'before.backup');
  fs.mkdirSync(uploadDir);
  fs.writeFileSync(path.join(uploadDir, 'kept.pdf'), 'in the backup');
  await backupTo(portal, uploadDir, backupFile);
  // After the backup: another user, another file.
  await addUser(portal, 'after.backup');
  fs.writeFileSync(path.join(uploadDir, 'late.pdf'), 'uploaded after the backup');
});
afterEach(async () => {
  await portal.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('refuses while the portal has the database open, and changes nothing', async () => {
  const before = listing();
  expect(await runRestore([backupFile], target(), io)).toBe(1);
  expect(err).toEqual([`Nothing was restored: ${databaseFile} is in use (the portal, an import or a backup has it open): stop the portal, then restore`]);
  expect(listing()).toEqual(before);
  expect(await usernames(databaseFile)).toEqual(['after.backup', 'before.backup']);
});

test('with the portal stopped, restores the database and only the backup\'s files, keeps the previous ones aside and says so', async () => {
  await portal.destroy();
  expect(await runRestore([backupFile], target(), io)).toBe(0);

  expect(await usernames(databaseFile)).toEqual(['before.backup']);
  expect(fs.readdirSync(uploadDir)).toEqual(['kept.pdf']);
  expect(fs.statSync(databaseFile).mode & 0o777).toBe(0o600);
  // Nothing is deleted: the database and files as they were are beside them.
  const previousDatabase = `${databaseFile}.before-restore-20261129T101500Z`;
  const previousUploads = `${uploadDir}.before-restore-20261129T101500Z`;
  expect(await usernames(previousDatabase)).toEqual(['after.backup', 'before.backup']);
  expect(fs.readdirSync(previousUploads).sort()).toEqual(['kept.pdf', 'late.pdf']);
  // No WAL of the old database is left for SQLite to replay onto the restored one.
  expect(fs.readdirSync(path.dirname(databaseFile)).filter((f) => f.startsWith('openpa.sqlite3-'))).toEqual([]);

  expect(out).toEqual([
    `Restored ${databaseFile} from ${backupFile} (integrity check ok): 1 users, 0 requests, 0 newborn notifications, 0 attachments.`,
    `Restored 1 uploaded files into ${uploadDir}, a new folder holding only the backup's files.`,
    `The database and uploads as they were before are kept in ${previousDatabase} and ${previousUploads}: delete them once the restored portal is checked.`,
    'Start the portal again with npm start.',
  ]);
});

test('refuses a backup that fails the integrity check, and changes nothing', async () => {
  await portal.destroy();
  // Damage the backup: overwrite the middle of the file, where the tables' pages are.
  const bytes = fs.readFileSync(backupFile);
  const pageSize = bytes.readUInt16BE(16);
  bytes.fill(0x41, pageSize * 3, pageSize * 6);
  fs.writeFileSync(backupFile, bytes);
  const before = listing();
  expect(await runRestore([backupFile], target(), io)).toBe(1);
  expect(err[0]).toMatch(new RegExp(`^Nothing was restored: ${backupFile.replace(/[.]/g, '\\.')} failed SQLite's integrity check, so it was not restored: .+`));
  expect(listing()).toEqual(before);
});

test('refuses a file that is not a database, or a backup without its uploads folder', async () => {
  await portal.destroy();
  const notADatabase = path.join(dir, 'backups', 'notes.sqlite3');
  fs.writeFileSync(notADatabase, 'these are not the data you are looking for '.repeat(200));
  fs.mkdirSync(`${notADatabase}-uploads`);
  expect(await runRestore([notADatabase], target(), io)).toBe(1);
  expect(err[0]).toMatch(/failed SQLite's integrity check, so it was not restored: .*not a database/);

  fs.rmSync(`${backupFile}-uploads`, { recursive: true });
  expect(await runRestore([backupFile], target(), io)).toBe(1);
  expect(err[1]).toBe(`Nothing was restored: There is no folder ${backupFile}-uploads beside the backup: npm run backup writes the uploaded files there, and a restore needs both`);
  expect(await usernames(databaseFile)).toEqual(['after.backup', 'before.backup']);
});

test('without a backup file, prints the usage and exits 2', async () => {
  expect(await runRestore([], target(), io)).toBe(2);
  expect(err[0]).toMatch(/^Usage: npm run restore -- <backup file>/);
});
