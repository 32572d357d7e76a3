import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/testApp';
import { accessToken, clientAssertion, registeredClient, requestToken, testKey, TEST_MAIL, type TestKey } from '../../helpers/apiClients';
import { pasInquiryBundle } from '../../fixtures/pasInquiryBundle';
import { callWindow } from '../../../src/domain/apiCallLimits';
import { countApiCall } from '../../../src/db/repositories/apiCallWindows';
import { openDatabase } from '../../../src/db/database';

// A low limit and a clock that stands still, so that every call of the test falls in one window.
const LIMIT = { calls: 3, windowSeconds: 60 };
const NOW = new Date();
let t: TestApp;
let key: TestKey;
let client: { clientId: string; id: number };
let other = '';
beforeAll(async () => {
  t = await startTestApp({ mail: TEST_MAIL, apiCallLimit: LIMIT, clock: () => NOW });
  const admin = await t.db('users').where({ username: 'demo.admin' }).first('id', 'organization_id');
  key = await testKey('ES384');
  client = await registeredClient(t.db, admin.organization_id, key, admin.id);
  const otherKey = await testKey('ES384');
  const otherClient = await registeredClient(t.db, admin.organization_id, otherKey, admin.id);
  other = await accessToken(t.app, otherClient.clientId, otherKey, 'system/Claim.read');
});
afterAll(async () => t.close());

const inquire = (bearer: string) => request(t.app).post('/fhir/Claim/$inquire').set('Authorization', `Bearer ${bearer}`).set('Content-Type', 'application/fhir+json').send(JSON.stringify(pasInquiryBundle()));

describe('per-client limit on API calls', () => {
  test('the call over the limit (the token request counts) gets 429 with Retry-After and an OperationOutcome, audited; another client goes on', async () => {
    const token = await accessToken(t.app, client.clientId, key, 'system/Claim.read'); // call 1
    expect((await inquire(token)).status).toBe(200); // call 2
    expect((await inquire(token)).status).toBe(200); // call 3
    const res = await inquire(token); // call 4
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe(String(callWindow(NOW, LIMIT).retryAfterSeconds));
    expect(res.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'throttled' }] });
    expect(res.body.issue[0].diagnostics).toMatch(/^This client made more than 3 calls in 60 seconds/);
    const token2 = await requestToken(t.app, await clientAssertion(client.clientId, key), 'system/Claim.read');
    expect(token2.status).toBe(429);
    const audit = await t.db('audit_log').where({ action: 'api-call-limited', username: `api-client:${client.clientId}` }).orderBy('id').pluck('detail');
    expect(audit).toEqual(['POST /fhir/Claim/$inquire: over 3 calls in 60 s', 'POST /fhir/token: over 3 calls in 60 s']);
    expect((await inquire(other)).status).toBe(200);
  });

  test('the count is kept in the database: another process (another connection) counts in the same window', async () => {
    const second = openDatabase(t.location);
    try {
      const start = callWindow(NOW, LIMIT).start;
      const before = await countApiCall(t.db, client.id, start);
      expect(await countApiCall(second, client.id, start)).toBe(before + 1);
      expect(await countApiCall(t.db, client.id, start)).toBe(before + 2);
    } finally {
      await second.destroy();
    }
  });
});
