import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPortal, type Portal } from '../browser/helpers/portal';
import { PortalClient, SUBMIT } from '../helpers/portalClient';
import { freshTestDatabase, type TestDatabase } from '../helpers/testDatabase';

/**
 * A plan runs several portal processes on one PostgreSQL behind a proxy, which may send each of an
 * office's requests to any of them. Sessions, journeys and submit-once live in the database, so it
 * makes no difference which process answers. (Runs under `npm run test:postgres` only: it needs PostgreSQL.)
 */
let database: TestDatabase;
let uploads: string;
let portals: Portal[] = [];

beforeAll(async () => {
  database = await freshTestDatabase();
  // Shared storage, as the README asks of every process.
  uploads = fs.mkdtempSync(path.join(os.tmpdir(), 'openpa-shared-uploads-'));
  const env = { DATABASE_URL: database.location, SESSION_SECRET: 'two-processes-share-one-secret-0123456789', UPLOAD_DIR: uploads };
  // Started together: one migrates and seeds the empty database while the other waits for it.
  portals = await Promise.all([startPortal(env), startPortal(env)]);
});

afterAll(async () => {
  await Promise.all(portals.map((p) => p.stop()));
  await database.close();
  fs.rmSync(uploads, { recursive: true, force: true });
});

test('one journey alternating between two processes; the same submit sent to both at once gives one request and one reference number', async () => {
  const [a, b] = portals.map((p) => p.url);
  if (!a || !b) throw new Error('two portals expected');
  expect(a).not.toBe(b);
  const office = new PortalClient([a, b]);
  await office.signIn();
  const journey = await office.startRequest();
  await office.fillRequestToReview(journey);

  // Submit Request pressed once, the proxy retrying it on the other process while the first still works.
  const [first, second] = await Promise.all([office.request('POST', `${journey}/review`, SUBMIT, a), office.request('POST', `${journey}/review`, SUBMIT, b)]);
  expect([first.status, second.status]).toEqual([303, 303]);
  expect(second.location).toBe(first.location);

  const results = await office.request('GET', first.location);
  const reference = /Reference #: <strong>(\d{9})<\/strong>/.exec(results.html)?.[1];
  expect(reference).toMatch(/^\d{9}$/);
  const journeyId = journey.replace('/prior-auth/', '');
  expect(await database.db('auth_requests').where({ journey_id: journeyId }).pluck('reference_number')).toEqual([reference]);
  expect(await database.db('journeys').where({ id: journeyId }).first('status', 'reference')).toEqual({ status: 'submitted', reference });
  // The demo data was seeded once, by whichever process came first.
  expect(await database.db('users').where({ username: 'demo.provider' }).count({ n: '*' }).first()).toEqual({ n: 1 });
});
