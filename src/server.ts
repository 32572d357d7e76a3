import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { createApp, DEFAULT_PUBLIC_BASE_URL } from './app';
import { configOrExit } from './cli/portalDatabase';
import { describeLocation, migrateToLatest, oneProcessAtATime, openDatabase } from './db/database';
import { DEMO_PASSWORD, isEmpty, loadOpenpaSynonyms, loadReferenceData, seedDemoData } from './seed/demo';
import { readGenerations } from './db/repositories/cacheGenerations';
import { codeSearchHelp } from './db/repositories/codeSearchData';
import { findUserByUsername } from './db/repositories/users';
import { seedDemoRequests } from './seed/demoRequests';
import { PRODUCTION_SCRYPT_COST, scryptHasher } from './auth/passwords';
import { startMailWorker } from './services/mailWorker';
import { startSubscriptionWorker } from './services/subscriptionWorker';
import { fhirAddresses } from './routes/fhir/smartAuth';
import { createLogger } from './logger';
import { scheduleJourneyRemoval } from './journeys/engine/removal';

async function main(): Promise<void> {
  const config = configOrExit();
  const passwordHasher = scryptHasher(PRODUCTION_SCRYPT_COST);
  fs.mkdirSync(config.uploadDir, { recursive: true });
  const databaseLocation = config.databaseUrl ?? config.databaseFile;
  const db = openDatabase(databaseLocation);
  await oneProcessAtATime(db, async () => {
    await migrateToLatest(db);
    await loadOpenpaSynonyms(db);
    if (!(await isEmpty(db))) return;
    if (config.seedDemo === false) {
      await loadReferenceData(db);
      process.stdout.write('New database: loaded the code sets and coverage rules (SEED_DEMO is off, so no demo users).\n');
    } else {
      await seedDemoData(db, passwordHasher);
      await seedDemoRequests(db);
      process.stdout.write('New database: loaded the demo data set.\n');
    }
  });

  // The code search's synonyms and word list, built now rather than by the first search (a second or
  // two on the full code sets); kept until an import changes the code sets (cacheGenerations.ts).
  await readGenerations(db);
  await codeSearchHelp(db);

  const demo = await findUserByUsername(db, 'demo.provider');
  const noUsers = await isEmpty(db);
  const logger = createLogger();
  const app = createApp({ db, config, trustProxy: config.trustProxy, passwordHasher, logger, apiCallLimit: { calls: config.apiCallsPerMinute, windowSeconds: 60 } });
  const journeyRemoval = scheduleJourneyRemoval(db, { onError: (err) => logger.error({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'removing expired journeys failed') });
  const server = config.tls
    ? https.createServer({ cert: fs.readFileSync(config.tls.certFile), key: fs.readFileSync(config.tls.keyFile) }, app)
    : http.createServer(app);
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    process.stdout.write(
      [
        `OpenPA is running at ${config.tls ? 'https' : 'http'}://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`,
        `Database: ${describeLocation(databaseLocation)}`,
        demo
          ? `Demo sign-ins (password ${DEMO_PASSWORD}): demo.provider, demo.admin (Northside Family Clinic), demo.provider2 (Lakeview Pediatrics); demo.nurse, demo.physician, demo.planadmin (OpenPA Health Plan)`
          : noUsers
            ? 'No users yet: add the first with "npm run users -- add" (see the README).'
            : '',
        config.mail.smtpUrl ? `Notice e-mails: sent through the SMTP_URL server, linking to ${config.mail.publicBaseUrl}` : 'Notice e-mails: kept in the outbox (SMTP_URL is not set)',
        '',
      ].join('\n'),
    );
  });

  // Notice e-mails due are sent from every process; the outbox's claims keep them from sending one twice.
  const mail = startMailWorker(db, config.mail, {
    // How often each portal process looks for e-mails that are due (MAIL_EVERY_SECONDS, default 30).
    everyMs: (config.mail.everySeconds ?? 30) * 1000,
    onError: (err) => process.stderr.write(`Notice e-mails: could not read the outbox: ${(err as Error).message}\n`),
  });

  // Subscription notifications (issue 15) are delivered from every process too, on the same kind of claims.
  const notifications = startSubscriptionWorker(db, fhirAddresses(config.mail.publicBaseUrl ?? DEFAULT_PUBLIC_BASE_URL).base, {
    everyMs: (config.mail.everySeconds ?? 30) * 1000,
    allowedHosts: config.subscriptionAllowedHosts,
    onError: (err) => process.stderr.write(`Subscription notifications: could not deliver: ${(err as Error).message}\n`),
  });

  const drain = drainOnStop(server);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // The mail worker finishes the message it is sending, if any, and looks for no more.
    const mailStopped = mail.stop();
    const notificationsStopped = notifications.stop();
    journeyRemoval.stop();
    drain(async () => {
      await mailStopped;
      await notificationsStopped;
      await db.destroy();
      process.exit(0);
    });
    // After drain() has stopped accepting connections, so that whoever reads this line can rely on it.
    process.stdout.write(`${signal}: finishing requests in flight, then closing the database.\n`);
    // Only if a client holds a response open for 10 s more (a stalled download): exit anyway.
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

/**
 * Stopping without cutting anyone off, when browsers keep connections open between pages (HTTP/1.1
 * keep-alive): stop accepting connections; close the idle ones now; answer each request in flight,
 * and any that still arrives on an open connection, with "Connection: close" and close its connection
 * once the answer is sent (RFC 9112 9.6). `closed` runs when the last connection has closed.
 */
function drainOnStop(server: http.Server | https.Server): (closed: () => void) => void {
  let draining = false;
  const inFlight = new Set<http.ServerResponse>();
  const closeAfter = (res: http.ServerResponse) => {
    if (!res.headersSent) {
      res.setHeader('Connection', 'close');
      return;
    }
    // The answer has started with keep-alive: close the connection as soon as it is finished.
    const socket = res.socket;
    res.once('finish', () => socket?.end());
  };
  // Before the app's own listener, so that the header is set before the app can answer.
  server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
    if (draining) closeAfter(res);
  });
  return (closed) => {
    draining = true;
    server.close(() => closed());
    for (const res of inFlight) closeAfter(res);
    server.closeIdleConnections();
  };
}

main().catch((err) => {
  process.stderr.write(`OpenPA could not start: ${(err as Error).message}\n`);
  process.exit(1);
});
