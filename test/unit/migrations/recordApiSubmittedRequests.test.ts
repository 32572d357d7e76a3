import { databaseBefore, type MigrationDb } from '../../helpers/migrationDb';
import { seedDemoRequests } from '../../../src/seed/demoRequests';
import { seedDemoData } from '../../../src/seed/demo';
import { testPasswordHasher } from '../../helpers/passwords';
import type { Db } from '../../../src/db/database';

/**
 * 20261130100100 lets a request have no submitting user (the API client submits it). On SQLite knex
 * changes nullability by copying auth_requests, with foreign keys off: nothing that refers to a request
 * (its lines, decisions, messages, notices, outbox rows) may be lost or cascaded away by the copy.
 */
let m: MigrationDb;
const TABLES = ['auth_requests', 'request_lines', 'line_decisions', 'request_messages', 'notices', 'outbox', 'status_history'];
const counts = async (db: Db) => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, Number((await db(t).count({ n: '*' }).first())?.n ?? 0)])));

beforeAll(async () => {
  m = await databaseBefore('20261130100100_record_api_submitted_requests', async (db) => {
    await seedDemoData(db, testPasswordHasher);
    await seedDemoRequests(db, new Date('2026-03-10T15:00:00.000Z'));
  });
});
afterAll(async () => m.close());

test('up keeps every request and everything that refers to one; a request may then have no user; down and up again', async () => {
  const before = await counts(m.db);
  expect(before.auth_requests).toBe(4);
  expect(before.request_lines).toBeGreaterThan(0);
  expect(before.line_decisions).toBeGreaterThan(0);
  await m.up();
  expect(await counts(m.db)).toEqual(before);
  expect(await m.db.schema.hasColumn('auth_requests', 'api_client_id')).toBe(true);
  expect(await m.db('auth_requests').whereNull('submitted_by').count({ n: '*' }).first()).toEqual({ n: 0 });
  await m.down();
  expect(await counts(m.db)).toEqual(before);
  await m.up();
  expect(await counts(m.db)).toEqual(before);
});
