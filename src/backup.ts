import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './db/database';
import { isPostgres } from './db/dialect';
import { dumpDatabase, libpqTargetOf } from './db/postgresTools';

export interface BackupResult {
  databaseFile: string;
  uploadsDir: string;
  files: number;
}

/**
 * A consistent copy of the database, taken while the portal runs: on SQLite VACUUM INTO writes one
 * transaction's view of every table into a new file, WAL and all; on PostgreSQL pg_dump writes one
 * snapshot of every table into an archive (custom format) that `npm run restore` reads. The uploads are copied after it, so every file the
 * copied rows name is there (files are moved into place before anything else can refer to them).
 * Writes `<target>` and the folder `<target>-uploads`; refuses to overwrite either.
 */
export async function backupTo(db: Db, uploadDir: string, target: string): Promise<BackupResult> {
  const databaseFile = path.resolve(target);
  const uploadsDir = `${databaseFile}-uploads`;
  if (fs.existsSync(databaseFile) || fs.existsSync(uploadsDir)) throw new Error(`${databaseFile} or ${uploadsDir} exists already: choose a new name`);
  fs.mkdirSync(path.dirname(databaseFile), { recursive: true });
  if (isPostgres(db)) await dumpDatabase(libpqTargetOf(db), databaseFile);
  else await db.raw('VACUUM INTO ?', [databaseFile]);
  fs.mkdirSync(uploadsDir, { mode: 0o700 });
  let files = 0;
  for (const entry of fs.existsSync(uploadDir) ? fs.readdirSync(uploadDir, { withFileTypes: true }) : []) {
    // tmp/ holds uploads still being checked: nothing in the database refers to them yet.
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    fs.copyFileSync(path.join(uploadDir, entry.name), path.join(uploadsDir, entry.name), fs.constants.COPYFILE_EXCL);
    files++;
  }
  fs.chmodSync(databaseFile, 0o600);
  return { databaseFile, uploadsDir, files };
}
