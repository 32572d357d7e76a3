import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from './db/database';
import type { DatabaseContents } from './db/databaseFile';
import { archiveRows, IN_USE, otherSessions, PostgresProgramError, restoreDatabase } from './db/postgresTools';
import { backupAt, checkContents, copyUploads, restoreStamp, RestoreRefused, swapUploads, type RestoreResult, type RestoreTarget } from './restore';

/** What a pg_dump archive holds, read from the archive alone; refused when it is not one. */
async function archiveContents(backupFile: string): Promise<DatabaseContents> {
  let tables;
  try {
    tables = await archiveRows(backupFile, ['knex_migrations', 'users', 'auth_requests', 'newborn_notifications', 'attachments']);
  } catch (err) {
    if (err instanceof PostgresProgramError) throw new RestoreRefused(`${backupFile} is not a backup of a PostgreSQL database (${err.message})`);
    throw err;
  }
  const migrations = (tables.get('knex_migrations') ?? []).sort((a, b) => Number(a.id) - Number(b.id));
  const users = tables.get('users') ?? [];
  return {
    latestMigration: users.length > 0 || migrations.length > 0 ? (migrations[migrations.length - 1]?.name ?? undefined) : undefined,
    users: users.length,
    requests: tables.get('auth_requests')?.length ?? 0,
    newbornNotifications: tables.get('newborn_notifications')?.length ?? 0,
    attachmentFiles: (tables.get('attachments') ?? []).map((r) => r.stored_name ?? '').filter(Boolean),
  };
}

/**
 * `npm run restore` on PostgreSQL: the backup (a pg_dump archive and its uploads folder) replaces the
 * database named by DATABASE_URL and UPLOAD_DIR. Refused, changing nothing, while any other session
 * is connected to the database (a portal process, an import, psql): checked first, and again inside
 * the restore's own transaction. The previous data is kept: the database's schema renamed
 * before_restore_<time>, the uploads folder renamed beside itself.
 */
export async function restorePostgresBackup(backup: string, target: RestoreTarget & { databaseUrl: string }): Promise<RestoreResult> {
  const { backupFile, backupUploads } = backupAt(backup);
  const contents = await archiveContents(backupFile);
  const { backupFiles, missingFiles } = await checkContents(backupFile, backupUploads, contents);
  const inUse = new RestoreRefused('The database is in use (a portal process, an import or another program is connected to it): stop every portal process, then restore');
  const db = openDatabase(target.databaseUrl);
  try {
    if ((await otherSessions(db)) > 0) throw inUse;
  } finally {
    await db.destroy();
  }

  const stamp = restoreStamp(target.now);
  const uploadDir = path.resolve(target.uploadDir);
  const incomingUploads = `${uploadDir}.restoring-${stamp}`;
  const previousSchema = `before_restore_${stamp.toLowerCase()}`;
  try {
    copyUploads(backupUploads, backupFiles, incomingUploads);
    await restoreDatabase(target.databaseUrl, backupFile, previousSchema);
  } catch (err) {
    fs.rmSync(incomingUploads, { recursive: true, force: true });
    if (err instanceof PostgresProgramError && err.output.includes(IN_USE)) throw inUse;
    throw err;
  }
  const previousUploads = swapUploads(incomingUploads, uploadDir, stamp);
  return { backupFile, contents, files: backupFiles.length, missingFiles, previousDatabase: `the schema ${previousSchema}`, previousUploads };
}
