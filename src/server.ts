import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createApp } from './app';
import { configOrExit } from './cli/portalDatabase';
import { migrateToLatest, openDatabase } from './db/database';
import { DEMO_PASSWORD, isEmpty, loadReferenceData, seedDemoData } from './seed/demo';
import { findUserByUsername } from './db/repositories/users';
import { PRODUCTION_SCRYPT_COST, scryptHasher } from './auth/passwords';

async function main(): Promise<void> {
  const config = configOrExit();
  const passwordHasher = scryptHasher(PRODUCTION_SCRYPT_COST);
  fs.mkdirSync(config.uploadDir, { recursive: true });
  const db = openDatabase(config.databaseFile);
  await migrateToLatest(db);
  if (await isEmpty(db)) {
    if (config.seedDemo === false) {
      await loadReferenceData(db);
      process.stdout.write('New database: loaded the code sets and coverage rules (SEED_DEMO is off, so no demo users).\n');
    } else {
      await seedDemoData(db, passwordHasher);
      process.stdout.write('New database: loaded the demo data set.\n');
    }
  }

  const demo = await findUserByUsername(db, 'demo.provider');
  const noUsers = await isEmpty(db);
  const app = createApp({ db, config, trustProxy: config.trustProxy, passwordHasher });
  const server = config.tls
    ? https.createServer({ cert: fs.readFileSync(config.tls.certFile), key: fs.readFileSync(config.tls.keyFile) }, app)
    : http.createServer(app);
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    process.stdout.write(
      [
        `OpenPA is running at ${config.tls ? 'https' : 'http'}://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`,
        `Database: ${config.databaseFile}`,
        demo
          ? `Demo sign-ins (password ${DEMO_PASSWORD}): demo.provider, demo.admin (Northside Family Clinic), demo.provider2 (Lakeview Pediatrics)`
          : noUsers
            ? 'No users yet: add the first with "npm run users -- add" (see the README).'
            : '',
        '',
      ].join('\n'),
    );
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: finishing requests in flight, then closing the database.\n`);
    server.close(async () => {
      await db.destroy();
      process.exit(0);
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`OpenPA could not start: ${(err as Error).message}\n`);
  process.exit(1);
});
