import { ConfigError, loadConfig, type Config } from '../config';
import { migrateToLatest, openDatabase, type Db } from '../db/database';

/** The configuration from the environment, or one clear line and the exit code when it is wrong. */
export function configOrExit(exitCode = 1): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(exitCode);
    }
    throw err;
  }
}

/** Opens the portal's database (migrated to the latest schema) for a command, and closes it after. */
export async function withPortalDatabase<T>(config: Config, run: (db: Db) => Promise<T>): Promise<T> {
  const db = openDatabase(config.databaseUrl ?? config.databaseFile);
  try {
    await migrateToLatest(db);
    return await run(db);
  } finally {
    await db.destroy();
  }
}
