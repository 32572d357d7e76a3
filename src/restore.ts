import fs from 'node:fs';
import path from 'node:path';
import { checkpointIfUnused, contentsOf, integrityProblems, type DatabaseContents } from './db/databaseFile';
import { migrationSource } from './db/migrationSource';
import { restorePostgresBackup } from './restorePostgres';

/** A restore that was not done; nothing was changed. */
export class RestoreRefused extends Error {}

export interface RestoreTarget {
  databaseFile: string;
  /** The portal's PostgreSQL (DATABASE_URL): the backup is a pg_dump archive restored there, not a file. */
  databaseUrl?: string;
  uploadDir: string;
  /** When the restore runs; names the folder the previous data is kept in. */
  now?: Date;
}

export interface RestoreResult {
  backupFile: string;
  contents: DatabaseContents;
  files: number;
  /** Attachments the backup's database names whose file is not in its uploads folder. */
  missingFiles: string[];
  /**
   * Where the database and uploads as they were before the restore were put; undefined if there were
   * none. On PostgreSQL the previous database is a schema of the same database (before_restore_<time>).
   */
  previousDatabase: string | undefined;
  previousUploads: string | undefined;
}

const SIDE_FILES = ['-wal', '-shm'];

/**
 * Puts a backup made by `npm run backup` (the database file and the folder `<file>-uploads`) in place
 * of the portal's database and uploads. Refuses, changing nothing, while any program has the database
 * open, or when the backup is not sound. The backup's files go into an EMPTY uploads folder, so files
 * uploaded after the backup do not linger beside records that no longer name them. Nothing is deleted:
 * the previous database (with its -wal and -shm) and uploads folder are renamed beside themselves.
 */
export async function restoreFrom(backup: string, target: RestoreTarget): Promise<RestoreResult> {
  if (target.databaseUrl) return restorePostgresBackup(backup, { ...target, databaseUrl: target.databaseUrl });
  const { backupFile, backupUploads } = backupAt(backup);
  const problems = await integrityProblems(backupFile);
  if (problems.length > 0) throw new RestoreRefused(`${backupFile} failed SQLite's integrity check, so it was not restored: ${problems.slice(0, 3).join('; ')}`);
  const contents = await contentsOf(backupFile);
  const { backupFiles, missingFiles } = await checkContents(backupFile, backupUploads, contents);

  const databaseFile = path.resolve(target.databaseFile);
  const uploadDir = path.resolve(target.uploadDir);
  const refuseIfInUse = async () => {
    if (fs.existsSync(databaseFile) && !(await checkpointIfUnused(databaseFile))) {
      throw new RestoreRefused(`${databaseFile} is in use (the portal, an import or a backup has it open): stop the portal, then restore`);
    }
  };
  await refuseIfInUse();

  // Everything is copied beside its place first; only renames follow, so a full disk stops the
  // restore here, with the portal's data untouched.
  const stamp = restoreStamp(target.now);
  const incomingDatabase = `${databaseFile}.restoring-${stamp}`;
  const incomingUploads = `${uploadDir}.restoring-${stamp}`;
  try {
    fs.mkdirSync(path.dirname(databaseFile), { recursive: true, mode: 0o700 });
    fs.copyFileSync(backupFile, incomingDatabase, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(incomingDatabase, 0o600);
    copyUploads(backupUploads, backupFiles, incomingUploads);
    // The portal may have opened the database while the files were copied.
    await refuseIfInUse();
  } catch (err) {
    fs.rmSync(incomingDatabase, { force: true });
    fs.rmSync(incomingUploads, { recursive: true, force: true });
    throw err;
  }

  const previousDatabase = fs.existsSync(databaseFile) ? `${databaseFile}.before-restore-${stamp}` : undefined;
  for (const suffix of ['', ...SIDE_FILES]) {
    if (previousDatabase && fs.existsSync(`${databaseFile}${suffix}`)) fs.renameSync(`${databaseFile}${suffix}`, `${previousDatabase}${suffix}`);
  }
  fs.renameSync(incomingDatabase, databaseFile);
  const previousUploads = swapUploads(incomingUploads, uploadDir, stamp);
  return { backupFile, contents, files: backupFiles.length, missingFiles, previousDatabase, previousUploads };
}

/** The backup's file and its uploads folder, which must both be there. */
export function backupAt(backup: string): { backupFile: string; backupUploads: string } {
  const backupFile = path.resolve(backup);
  const backupUploads = `${backupFile}-uploads`;
  if (!fs.existsSync(backupFile)) throw new RestoreRefused(`There is no backup file ${backupFile}`);
  if (!fs.statSync(backupUploads, { throwIfNoEntry: false })?.isDirectory()) {
    throw new RestoreRefused(`There is no folder ${backupUploads} beside the backup: npm run backup writes the uploaded files there, and a restore needs both`);
  }
  return { backupFile, backupUploads };
}

/** Refuses a backup that is not OpenPA's or is newer than this OpenPA; lists its files and the attachments without one. */
export async function checkContents(backupFile: string, backupUploads: string, contents: DatabaseContents): Promise<{ backupFiles: fs.Dirent[]; missingFiles: string[] }> {
  if (contents.latestMigration === undefined) throw new RestoreRefused(`${backupFile} is not an OpenPA database`);
  if (!(await migrationSource.getMigrations([])).includes(contents.latestMigration)) {
    throw new RestoreRefused(`${backupFile} was made by a newer OpenPA (its database has the change ${contents.latestMigration}): update OpenPA, then restore`);
  }
  const backupFiles = fs.readdirSync(backupUploads, { withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith('.'));
  const names = new Set(backupFiles.map((e) => e.name));
  return { backupFiles, missingFiles: contents.attachmentFiles.filter((f) => !names.has(f)) };
}

/** The restore's time, in the names of what it keeps aside: 20261129T110000Z. */
export function restoreStamp(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

export function copyUploads(backupUploads: string, backupFiles: readonly fs.Dirent[], incomingUploads: string): void {
  fs.mkdirSync(incomingUploads, { recursive: true, mode: 0o700 });
  for (const entry of backupFiles) fs.copyFileSync(path.join(backupUploads, entry.name), path.join(incomingUploads, entry.name), fs.constants.COPYFILE_EXCL);
}

/** The backup's files become the uploads folder; the previous one is kept beside it. Returns where. */
export function swapUploads(incomingUploads: string, uploadDir: string, stamp: string): string | undefined {
  const previousUploads = fs.existsSync(uploadDir) ? `${uploadDir}.before-restore-${stamp}` : undefined;
  if (previousUploads) fs.renameSync(uploadDir, previousUploads);
  fs.renameSync(incomingUploads, uploadDir);
  return previousUploads;
}
