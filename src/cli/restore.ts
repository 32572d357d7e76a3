import { RestoreRefused, restoreFrom, type RestoreTarget } from '../restore';
import { configOrExit } from './portalDatabase';
import { describeLocation } from '../db/database';
import type { Io } from './import';

const USAGE = `Usage: npm run restore -- <backup file>

Restores a backup made by "npm run backup -- <file>" (the file and the folder <file>-uploads) into
DATABASE_FILE (or the PostgreSQL database of DATABASE_URL) and UPLOAD_DIR. Stop the portal first: the
restore refuses while the database is open (on PostgreSQL: while any other session is connected).
The database and uploads as they were are kept beside them, renamed ".before-restore-<time>".`;

/** npm run restore -- <backup file>; returns the exit code: 0 restored, 1 refused (nothing changed), 2 a wrong command. */
export async function runRestore(argv: string[], target: RestoreTarget, io: Io): Promise<number> {
  const [backup, ...extra] = argv;
  if (!backup || extra.length > 0 || backup.startsWith('-')) {
    io.err(USAGE);
    return 2;
  }
  try {
    const r = await restoreFrom(backup, target);
    const c = r.contents;
    const restored = target.databaseUrl ? `${describeLocation(target.databaseUrl)} from ${r.backupFile}` : `${target.databaseFile} from ${r.backupFile} (integrity check ok)`;
    io.out(`Restored ${restored}: ${c.users} users, ${c.requests} requests, ${c.newbornNotifications} newborn notifications, ${c.attachmentFiles.length} attachments.`);
    io.out(`Restored ${r.files} uploaded files into ${target.uploadDir}, a new folder holding only the backup's files.`);
    if (r.missingFiles.length > 0) io.out(`Warning: ${r.missingFiles.length} attachments have no file in the backup (${r.missingFiles.slice(0, 5).join(', ')}): they cannot be downloaded.`);
    const kept = [r.previousDatabase, r.previousUploads].filter(Boolean);
    if (kept.length > 0) io.out(`The database and uploads as they were before are kept in ${kept.join(' and ')}: delete them once the restored portal is checked.`);
    io.out('Start the portal again with npm start.');
    return 0;
  } catch (err) {
    if (err instanceof RestoreRefused) {
      io.err(`Nothing was restored: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

if (require.main === module) {
  const config = configOrExit(2);
  const io: Io = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };
  runRestore(process.argv.slice(2), { databaseFile: config.databaseFile, databaseUrl: config.databaseUrl, uploadDir: config.uploadDir }, io).then(
    (code) => process.exit(code),
    (err) => {
      process.stderr.write(`The restore failed: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
