import { Browser, DEMO_PASSWORD, signedIn } from '../helpers/browser';
import { testPasswordHasher } from '../helpers/passwords';
import { insertUser } from '../../src/db/repositories/users';
import { startTestApp, type TestApp } from '../helpers/testApp';
import { clientAssertion, requestToken, testKey, TEST_MAIL } from '../helpers/apiClients';

let t: TestApp;
let admin: Browser;
beforeAll(async () => {
  t = await startTestApp({ mail: TEST_MAIL });
  admin = await signedIn(t.app, 'demo.admin');
});
afterAll(async () => t.close());

describe('API clients page', () => {
  test('an organization administrator registers a client by pasting its public key set, and it gets tokens', async () => {
    let page = await admin.visit('/api-clients');
    expect(page.h1).toBe('API clients');
    expect(page.mainText).toContain('https://portal.test/fhir/token');
    const key = await testKey('ES384');
    page = await admin.submit('Register client', { Name: 'Clinic EHR', 'Public key set (JWKS)': key.publicJwks });
    expect(page.status).toBe(200);
    const clientId = /Its client_id is ([0-9a-f-]{36})/.exec(page.mainText)?.[1] ?? '';
    expect(page.texts('.api-clients-table tbody th')).toEqual(['Clinic EHR']);
    expect(page.texts('.api-clients-table tbody td[data-label="Registered by"]')).toEqual(['Alex Administrator']);
    expect((await requestToken(t.app, await clientAssertion(clientId, key))).status).toBe(200);
    const entry = await t.db('audit_log').where({ action: 'api-client-registered' }).first();
    expect(entry.detail).toBe(`Clinic EHR (${clientId})`);
  });

  test('a private key, a wrong curve or not JSON is refused with a message, keeping what was typed', async () => {
    const cases: [string, string][] = [
      ['{"keys":[{"kty":"EC","crv":"P-384","x":"a","y":"b","d":"secret"}]}', 'Key 1 is a private key: paste the public key set only, never the private key'],
      ['{"keys":[{"kty":"EC","crv":"P-256","x":"a","y":"b"}]}', 'Key 1 is an EC key on P-256: ES384 needs the P-384 curve'],
      ['not json', 'The key set must be JSON, like {"keys": [{"kty": "EC", "crv": "P-384", ...}]}'],
      ['', 'Enter the public key set (JWKS) of the client'],
    ];
    for (const [jwks, message] of cases) {
      await admin.visit('/api-clients');
      const page = await admin.submit('Register client', { Name: 'Bad EHR', 'Public key set (JWKS)': jwks });
      expect(page.status).toBe(422);
      expect(page.title).toMatch(/^Error: /);
      expect(page.errorSummary).toEqual([{ href: '#jwks', message }]);
      expect(page.inlineErrors).toEqual([message]);
      expect(page.valueOf('Name')).toBe('Bad EHR');
    }
    expect(await t.db('api_clients').where({ name: 'Bad EHR' })).toEqual([]);
  });

  test('deactivating a client stops its tokens and is audited; another organization cannot touch it', async () => {
    const key = await testKey('RS384');
    await admin.visit('/api-clients');
    let page = await admin.submit('Register client', { Name: 'Old EHR', 'Public key set (JWKS)': key.publicJwks });
    const clientId = /Its client_id is ([0-9a-f-]{36})/.exec(page.mainText)?.[1] ?? '';
    const row = await t.db('api_clients').where({ client_id: clientId }).first();

    // Another office's administrator: the client is not found, neither listed nor deactivated.
    const lakeview = await t.db('users').where({ username: 'demo.provider2' }).first('organization_id');
    await insertUser(t.db, { organizationId: lakeview.organization_id, username: 'lakeview.admin', displayName: 'Lou Lakeview', role: 'org_admin', passwordHash: await testPasswordHasher.hash(DEMO_PASSWORD) });
    const other = await signedIn(t.app, 'lakeview.admin');
    const theirs = await other.visit('/api-clients');
    expect(theirs.status).toBe(200);
    expect(theirs.mainText).not.toContain('Old EHR');
    expect((await other.post(`/api-clients/${row.id}/deactivate`, { _csrf: other.csrfToken })).status).toBe(404);
    expect((await t.db('api_clients').where({ id: row.id }).first()).active).toBeTruthy();
    const provider = await signedIn(t.app, 'demo.provider');
    expect((await provider.visit('/api-clients')).status).toBe(404);

    page = await admin.visit('/api-clients');
    const form = page.root.querySelectorAll('form').find((f) => f.getAttribute('action') === `/api-clients/${row.id}/deactivate`);
    expect(form).toBeDefined();
    page = await admin.post(`/api-clients/${row.id}/deactivate`, { _csrf: admin.csrfToken });
    expect(page.mainText).toContain('Old EHR is deactivated');
    expect((await requestToken(t.app, await clientAssertion(clientId, key))).status).toBe(401);
    expect((await t.db('audit_log').where({ action: 'api-client-deactivated' })).map((e) => e.detail)).toEqual([`Old EHR (${clientId})`]);
  });
});
