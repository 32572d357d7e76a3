import crypto from 'node:crypto';
import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/testApp';
import { accessToken, clientAssertion, registeredClient, requestToken, testKey, TEST_MAIL, TEST_TOKEN_ENDPOINT, type TestKey } from '../../helpers/apiClients';
import { deactivateApiClient } from '../../../src/db/repositories/apiClients';
import { expectValidFhir } from '../../helpers/fhirSchema';

let t: TestApp;
let rsa: TestKey;
let ec: TestKey;
let rsaClient: { clientId: string; id: number };
let ecClient: { clientId: string; id: number };
beforeAll(async () => {
  t = await startTestApp({ mail: TEST_MAIL });
  const org = (await t.db('organizations').where({ name: 'Northside Family Clinic' }).first('id')).id as number;
  const admin = (await t.db('users').where({ username: 'demo.admin' }).first('id')).id as number;
  rsa = await testKey('RS384');
  ec = await testKey('ES384');
  rsaClient = await registeredClient(t.db, org, rsa, admin);
  ecClient = await registeredClient(t.db, org, ec, admin);
});
afterAll(async () => t.close());

describe('SMART Backend Services', () => {
  test('the discovery document names the token endpoint built from PUBLIC_BASE_URL, without a token', async () => {
    const res = await request(t.app).get('/.well-known/smart-configuration').set('Host', 'evil.example');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_endpoint: TEST_TOKEN_ENDPOINT, token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'], grant_types_supported: ['client_credentials'] });
  });

  test('the CapabilityStatement is read without a token and names the token endpoint', async () => {
    const res = await request(t.app).get('/fhir/metadata');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
    expect(res.body).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance' });
    expectValidFhir(res.body);
    expect(res.body.rest[0].security.extension[0].extension).toEqual([{ url: 'token', valueUri: TEST_TOKEN_ENDPOINT }]);
    expect(res.body.rest[0].resource).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'Claim', operation: [expect.objectContaining({ name: 'submit' }), expect.objectContaining({ name: 'inquire' })] }), expect.objectContaining({ type: 'Subscription' })]));
    expect(res.body.rest[0].security.description).toMatch(/at most 600 calls \(token requests included\) in 60 seconds/);
  });

  test.each([['RS384'], ['ES384']])('a good %s assertion gets a 5-minute token with the scopes asked for', async (alg) => {
    const [client, key] = alg === 'RS384' ? [rsaClient, rsa] : [ecClient, ec];
    const res = await requestToken(t.app, await clientAssertion(client.clientId, key), 'system/Claim.write system/Subscription.*');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'bearer', expires_in: 300, scope: 'system/Claim.write system/Subscription.*' });
    expect(typeof res.body.access_token).toBe('string');
    const audit = await t.db('audit_log').where({ action: 'api-token-issued' }).orderBy('id', 'desc').first();
    expect(audit).toMatchObject({ username: `api-client:${client.clientId}`, user_id: null });
  });

  test('every other /fhir address needs a valid token: none, a made-up one, a known one', async () => {
    for (const auth of [undefined, 'Bearer made-up-token-made-up-token-0000']) {
      const req = request(t.app).get('/fhir/Claim');
      const res = auth ? await req.set('Authorization', auth) : await req;
      expect(res.status).toBe(401);
      expect(res.body.resourceType).toBe('OperationOutcome');
      expectValidFhir(res.body);
    }
    const token = await accessToken(t.app, ecClient.clientId, ec);
    const res = await request(t.app).get('/fhir/no-such-thing').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(404);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expectValidFhir(res.body);
  });

  const refusals: [string, () => Promise<string>, number, string][] = [
    ['signed with an algorithm other than RS384 or ES384 (RS256)', async () => clientAssertion(rsaClient.clientId, rsa, { alg: 'RS256' }), 401, 'invalid_client'],
    ['signed by a key not in the client\'s key set', async () => clientAssertion(rsaClient.clientId, await testKey('RS384')), 401, 'invalid_client'],
    ['signed by another client\'s key', async () => clientAssertion(rsaClient.clientId, ec), 401, 'invalid_client'],
    ['expired', async () => clientAssertion(ecClient.clientId, ec, { expiresInSeconds: -120 }), 401, 'invalid_client'],
    ['expiring more than 5 minutes ahead', async () => clientAssertion(ecClient.clientId, ec, { expiresInSeconds: 900 }), 401, 'invalid_client'],
    ['for another audience', async () => clientAssertion(ecClient.clientId, ec, { audience: 'https://other.example/fhir/token' }), 401, 'invalid_client'],
    ['from an unknown client', async () => clientAssertion(crypto.randomUUID(), ec), 401, 'invalid_client'],
    ['not a JWT', async () => 'not-a-jwt', 400, 'invalid_request'],
  ];
  test.each(refusals)('an assertion %s is refused with an OAuth error', async (_what, assertion, status, error) => {
    const res = await requestToken(t.app, await assertion());
    expect(res.status).toBe(status);
    expect(res.body.error).toBe(error);
    expect(res.body.access_token).toBeUndefined();
  });

  test('an assertion is accepted once: its jti replayed is refused', async () => {
    const assertion = await clientAssertion(ecClient.clientId, ec, { jti: 'once-only' });
    expect((await requestToken(t.app, assertion)).status).toBe(200);
    const again = await requestToken(t.app, assertion);
    expect(again.status).toBe(401);
    expect(again.body).toMatchObject({ error: 'invalid_client', error_description: 'This assertion (its jti) was already used' });
  });

  test('a malformed token request gets 400 with an OAuth error, never a 500', async () => {
    const good = await clientAssertion(ecClient.clientId, ec);
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'unsupported_grant_type'],
      [{ grant_type: 'client_credentials', client_assertion: good, scope: 'system/Claim.read' }, 'invalid_request'],
      [{ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', scope: 'system/Claim.read' }, 'invalid_request'],
      [{ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: good, scope: 'user/*.*' }, 'invalid_scope'],
      [{ grant_type: ['client_credentials', 'x'] }, 'unsupported_grant_type'],
    ];
    for (const [body, error] of cases) {
      const res = await request(t.app).post('/fhir/token').type('form').send(body as Record<string, string>);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe(error);
    }
  });

  test('a deactivated client gets no token, and its tokens stop working at once', async () => {
    const key = await testKey('ES384');
    const org = (await t.db('organizations').where({ name: 'Northside Family Clinic' }).first('id')).id as number;
    const admin = (await t.db('users').where({ username: 'demo.admin' }).first('id')).id as number;
    const client = await registeredClient(t.db, org, key, admin);
    const token = await accessToken(t.app, client.clientId, key);
    await deactivateApiClient(t.db, client.id, new Date().toISOString());
    expect((await request(t.app).get('/fhir/Claim').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    const res = await requestToken(t.app, await clientAssertion(client.clientId, key));
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });
});
