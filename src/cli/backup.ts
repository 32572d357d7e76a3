import { backupTo } from '../backup';
import { configOrExit } from './portalDatabase';
import { describeLocation, openDatabase } from '../db/database';

/** npm run backup -- <file>: a consistent copy of the running portal's database and uploads. */
async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write('Usage: npm run backup -- <file>   (writes <file> and the folder <file>-uploads)\n');
    process.exit(2);
  }
  const config = configOrExit();
  // The backup opens the database as it is; migrating is the running portal's business.
  const location = config.databaseUrl ?? config.databaseFile;
  const db = openDatabase(location);
  try {
    const result = await backupTo(db, config.uploadDir, target);
    process.stdout.write(`Backed up ${describeLocation(location)} to ${result.databaseFile}, and ${result.files} uploaded files to ${result.uploadsDir}\n`);
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  process.stderr.write(`Backup failed: ${(err as Error).message}\n`);
  process.exit(1);
});
