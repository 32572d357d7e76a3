import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp, type App, type AppDeps } from '../../src/app';
import type { MailSettings } from '../../src/config';
import type { AllowedHosts } from '../../src/domain/endpointAddresses';
import { migrateToLatest, type Db } from '../../src/db/database';
import { seedDemoData } from '../../src/seed/demo';
import { createLogger } from '../../src/logger';
import { testPasswordHasher } from './passwords';
import { freshTestDatabase } from './testDatabase';

export interface TestApp {
  app: App;
  db: Db;
  /** Where the database is (a SQLite file, or a PostgreSQL address): another connection, as another process would open it. */
  location: string;
  dir: string;
  close(): Promise<void>;
}

/**
 * A portal on a fresh, migrated database (./testDatabase.ts: SQLite, or PostgreSQL under DATABASE_URL) with
 * the demo data set, and a temporary folder of its own for uploads.
 * Passwords are hashed at the tests' low scrypt cost (./passwords.ts), the demo users' included.
 */
export async function startTestApp(options: Partial<Omit<AppDeps, 'db' | 'config'>> & { mail?: MailSettings; subscriptionAllowedHosts?: AllowedHosts } = {}): Promise<TestApp> {
  const { mail, subscriptionAllowedHosts, ...deps } = options;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-test-'));
  const database = await freshTestDatabase();
  const db = database.db;
  await migrateToLatest(db);
  await seedDemoData(db, testPasswordHasher);
  fs.mkdirSync(path.join(dir, 'uploads'));
  const app = createApp({
    db,
    config: { sessionSecret: 'test-secret-test-secret-test-secret-123', sessionIdleMinutes: 30, nodeEnv: 'test', uploadDir: path.join(dir, 'uploads'), planFaxNumber: '(312) 555-0199', ...(mail ? { mail } : {}), ...(subscriptionAllowedHosts ? { subscriptionAllowedHosts } : {}) },
    logger: createLogger('silent'),
    passwordHasher: testPasswordHasher,
    ...deps,
  });
  return {
    app,
    db,
    location: database.location,
    dir,
    async close() {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
