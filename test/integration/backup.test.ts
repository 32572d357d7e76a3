import fs from 'node:fs';
import path from 'node:path';
import { Browser, signedIn } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { testPasswordHasher } from '../helpers/passwords';
import { submitRequest } from '../helpers/journey';
import { makePdf } from '../helpers/fixtures';
import { backupTo } from '../../src/backup';
import { restoreFrom } from '../../src/restore';
import { createApp } from '../../src/app';
import { migrateToLatest, openDatabase } from '../../src/db/database';
import { createLogger } from '../../src/logger';
import { isPostgres } from '../../src/db/dialect';
import { freshTestDatabase } from '../helpers/testDatabase';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

test('a backup taken while requests are being submitted restores to a working portal with its files', async () => {
  const browser = await signedIn(t.app);
  const first = await submitRequest(browser);
  const reference = /Reference #: (\d{9})/.exec(first.mainText)?.[1] ?? '';
  const pdf = makePdf('Kept safe');
  await browser.agent.post(`/prior-auth/requests/${reference}/attachments`).field('_csrf', browser.csrfToken).attach('files', pdf, 'kept.pdf');

  // Load: two more offices submit while the backup runs.
  const others = await Promise.all([signedIn(t.app), signedIn(t.app)]);
  const target = path.join(t.dir, 'backups', 'openpa-backup.sqlite3');
  const [result] = await Promise.all([backupTo(t.db, path.join(t.dir, 'uploads'), target), ...others.map((b) => submitRequest(b))]);
  expect(result.files).toBe(1);
  await expect(backupTo(t.db, path.join(t.dir, 'uploads'), target)).rejects.toThrow(/exists already/);

  // Restore: the copy and its uploads folder, restored as npm run restore does, become a portal of their own
  // (on PostgreSQL, in a database of its own on the same cluster).
  const onPostgres = isPostgres(t.db);
  const restoredFile = path.join(t.dir, 'restored', 'openpa.sqlite3');
  const restoredUploads = path.join(t.dir, 'restored', 'uploads');
  const second = onPostgres ? await freshTestDatabase() : undefined;
  await second?.db.destroy();
  const restore = await restoreFrom(result.databaseFile, { databaseFile: restoredFile, databaseUrl: second?.location, uploadDir: restoredUploads });
  expect(restore).toMatchObject({ files: 1, missingFiles: [], previousUploads: undefined });
  if (!onPostgres) expect(restore.previousDatabase).toBeUndefined();
  expect(restore.contents.attachmentFiles).toHaveLength(1);
  const restoredDb = openDatabase(second?.location ?? restoredFile);
  try {
    await migrateToLatest(restoredDb);
    if (!onPostgres) expect(await restoredDb.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const restored = createApp({
      db: restoredDb,
      config: { sessionSecret: 'restored-secret-restored-secret-1234', sessionIdleMinutes: 30, nodeEnv: 'test', uploadDir: restoredUploads, planFaxNumber: '(312) 555-0199' },
      logger: createLogger('silent'),
      passwordHasher: testPasswordHasher,
    });
    const reader = new Browser(restored);
    await reader.signIn();
    const page = await reader.visit(`/prior-auth/requests/${reference}`);
    expect(page.status).toBe(200);
    expect(page.texts('#files-uploaded a')).toEqual(['kept.pdf']);
    const href = page.root.querySelector('#files-uploaded a')?.getAttribute('href') ?? '';
    const file = await reader.agent.get(href).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect((file.body as Buffer).equals(pdf)).toBe(true);
    const count = await restoredDb('auth_requests').count<{ n: number }[]>({ n: '*' }).first();
    expect(Number(count?.n)).toBeGreaterThanOrEqual(1);
    expect(fs.statSync(result.databaseFile).mode & 0o777).toBe(0o600);
    if (!onPostgres) expect(fs.statSync(restoredFile).mode & 0o777).toBe(0o600);
  } finally {
    await restoredDb.destroy();
    await second?.close();
  }
});
