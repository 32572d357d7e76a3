import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/testApp';
import { accessToken, registeredClient, testKey, TEST_BASE_URL, TEST_MAIL } from '../../helpers/apiClients';
import { startNotificationEndpoint, testEndpointPost, type TestNotificationEndpoint } from '../../helpers/notificationEndpoint';
import { handshakeDelivered, noSubscriptions, noticeOnNewRequest as noticeOn, notificationsOf as notificationsIn, subscriptionFor } from '../../helpers/subscriptions';
import { insertSubscription } from '../../../src/db/repositories/subscriptions';
import { deliverDueNotifications, restHookPost, type NotificationPost } from '../../../src/services/subscriptionWorker';
import { systemResolver, type HostResolver } from '../../../src/services/endpointLookup';
import { NO_ALLOWED_HOSTS, readAllowedHosts, type AllowedHosts } from '../../../src/domain/endpointAddresses';

/**
 * Subscription endpoints (issue 15): the portal sends notifications to public addresses only, so that an
 * API client cannot make it send requests into its own network (SSRF), unless the plan allows the host
 * (SUBSCRIPTION_ALLOWED_HOSTS). This portal runs with the default: nothing allowed.
 */
const BASE = `${TEST_BASE_URL}/fhir`;
const TAIL = ': the portal only sends notifications to public addresses, or to hosts the plan lists in SUBSCRIPTION_ALLOWED_HOSTS';
const PUBLIC = '93.184.215.14';

/** The names these tests use, as a DNS server would answer them; localhost as the system resolves it (the hosts file). */
const names: Record<string, string[]> = { 'ehr.example': [PUBLIC], 'mixed.example': [PUBLIC, '10.1.2.3'] };
const resolveHost: HostResolver = async (host) => {
  if (host === 'localhost') return systemResolver(host);
  const found = names[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found;
};

const allowed = (setting: string): AllowedHosts => (readAllowedHosts(setting) as { allowed: AllowedHosts }).allowed;

let t: TestApp;
let endpoint: TestNotificationEndpoint;
let token = '';
let northside: { id: number; npi: string };
let clientId = 0;

beforeAll(async () => {
  t = await startTestApp({ mail: TEST_MAIL, resolveHost });
  endpoint = await startNotificationEndpoint();
  const admin = await t.db('users').where({ username: 'demo.admin' }).first('id', 'organization_id');
  northside = await t.db('organizations').where({ id: admin.organization_id }).first('id', 'npi');
  const key = await testKey('ES384');
  const client = await registeredClient(t.db, northside.id, key, admin.id);
  clientId = client.id;
  token = await accessToken(t.app, client.clientId, key, 'system/Subscription.*');
});
afterAll(async () => {
  await endpoint.close();
  await t.close();
});
beforeEach(() => noSubscriptions(t.db, endpoint));

const subscription = (to: string) => subscriptionFor(northside.npi, to);
const post = (body: unknown) => request(t.app).post('/fhir/Subscription').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/fhir+json').send(JSON.stringify(body));
const read = (id: string) => request(t.app).get(`/fhir/Subscription/${id}`).set('Authorization', `Bearer ${token}`);
const stored = async () => Number((await t.db('subscriptions').count({ n: '*' }).first())?.n);

/** A subscription kept as if made when the plan allowed its host (the setting has changed since): its handshake went through `then`. */
async function storedSubscription(to: string, then: NotificationPost = testEndpointPost): Promise<string> {
  const made = await insertSubscription(t.db, { reason: 'Decisions', endpoint: to, headers: [], filterCriteria: `org-identifier=${northside.npi}`, organizationNpi: northside.npi, end: null, heartbeatPeriod: null, organizationId: northside.id, apiClientId: clientId, at: new Date() });
  await handshakeDelivered(t.db, endpoint, then);
  return made.id;
}

const noticeOnNewRequest = (at: Date) => noticeOn(t.db, at);
const notificationsOf = (subscriptionId: string) => notificationsIn(t.db, subscriptionId);

test.each([
  ['the cloud metadata service', 'http://169.254.169.254/latest/meta-data/', "The endpoint's address 169.254.169.254 is link-local (where cloud metadata services answer)"],
  ['an intranet address', 'http://10.0.0.5:8080/notify', "The endpoint's address 10.0.0.5 is on a private network"],
  ['IPv6 loopback', 'http://[::1]:3000/notify', "The endpoint's address ::1 is a loopback address (the portal's own server)"],
  ['localhost (a name for the loopback)', 'http://localhost:3000/notify', /^The endpoint's address (127\.0\.0\.1|::1) \(localhost resolves to it\) is a loopback address \(the portal's own server\)$/],
  ['127.0.0.1 spelled in hexadecimal', 'http://0x7f.1/notify', "The endpoint's address 127.0.0.1 is a loopback address (the portal's own server)"],
  ['the loopback inside IPv6', 'http://[::ffff:127.0.0.1]/notify', "The endpoint's address ::ffff:7f00:1 is a loopback address (the portal's own server)"],
  ['a name with one private address among public ones', 'https://mixed.example/notify', "The endpoint's address 10.1.2.3 (mixed.example resolves to it) is on a private network"],
  // Documentation addresses are never routed on the internet (no real EHR is there): refused, as private ones.
  ['a documentation address', 'https://203.0.113.10/notify', "The endpoint's address 203.0.113.10 is reserved for documentation and examples"],
])('an endpoint at %s is refused with 422 and nothing is stored', async (_what, to, words) => {
  const res = await post(subscription(to));
  expect(res.status).toBe(422);
  expect(res.body.resourceType).toBe('OperationOutcome');
  expect(res.body.issue).toHaveLength(1);
  expect(res.body.issue[0]).toMatchObject({ severity: 'error', code: 'business-rule', expression: ['Subscription.channel.endpoint'] });
  const diagnostics = res.body.issue[0].diagnostics as string;
  expect(diagnostics.endsWith(TAIL)).toBe(true);
  const reason = diagnostics.slice(0, -TAIL.length);
  if (typeof words === 'string') expect(reason).toBe(words);
  else expect(reason).toMatch(words);
  expect(await stored()).toBe(0);
});

test('a name that does not resolve is refused with 422 and nothing is stored', async () => {
  const res = await post(subscription('https://nowhere.invalid/notify'));
  expect(res.status).toBe(422);
  expect(res.body.issue[0]).toMatchObject({ expression: ['Subscription.channel.endpoint'], diagnostics: "The endpoint's host nowhere.invalid does not resolve to any address: give a host name that resolves, or a public IP address" });
  expect(await stored()).toBe(0);
});

test('a name that resolves to public addresses only is accepted', async () => {
  const res = await post(subscription('https://ehr.example/notify'));
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ status: 'requested', channel: { endpoint: 'https://ehr.example/notify' } });
  expect(await stored()).toBe(1);
});

test('a subscription whose IP address is no longer allowed: the delivery is refused and recorded, no request is sent, and it is not tried again', async () => {
  const id = await storedSubscription(endpoint.url);
  const at = new Date('2026-03-10T15:00:00.000Z');
  await noticeOnNewRequest(at);
  expect(await deliverDueNotifications(t.db, BASE, at, restHookPost(NO_ALLOWED_HOSTS))).toEqual({ sent: 0, failed: 1 });
  expect(endpoint.received).toHaveLength(0);
  const [n] = await notificationsOf(id);
  expect(n).toMatchObject({ status: 'failed', attempts: 1, last_error: `Not sent: The endpoint's address 127.0.0.1 is a loopback address (the portal's own server)${TAIL}` });
  const res = await read(id);
  expect(res.body.status).toBe('error');
  expect(res.body.error).toBe(`Notification 1 not delivered after 1 attempt: Not sent: The endpoint's address 127.0.0.1 is a loopback address (the portal's own server)${TAIL}`);
  // Nothing is tried again: a day later there is nothing due.
  expect(await deliverDueNotifications(t.db, BASE, new Date('2026-03-11T15:00:00.000Z'), restHookPost(NO_ALLOWED_HOSTS))).toEqual({ sent: 0, failed: 0 });
  expect(endpoint.received).toHaveLength(0);
});

test('a name checked when the subscription was made is checked again on connecting (DNS rebinding): refused once the name leads to the loopback and is not allowed', async () => {
  // The name as the plan trusted it: its notification arrives (the connection goes where the lookup said).
  const port = new URL(endpoint.url).port;
  const rebound: HostResolver = async () => ['127.0.0.1'];
  const id = await storedSubscription(`http://ehr.rebinding.example:${port}/notify`, restHookPost(allowed('ehr.rebinding.example'), rebound));
  await noticeOnNewRequest(new Date('2026-03-10T15:00:00.000Z'));
  expect(await deliverDueNotifications(t.db, BASE, new Date('2026-03-10T15:00:00.000Z'), restHookPost(allowed('ehr.rebinding.example'), rebound))).toEqual({ sent: 1, failed: 0 });
  expect(endpoint.received).toHaveLength(1);
  // The plan no longer allows it: the next notification is refused at the lookup, and no request arrives.
  await noticeOnNewRequest(new Date('2026-03-10T16:00:00.000Z'));
  expect(await deliverDueNotifications(t.db, BASE, new Date('2026-03-10T16:00:00.000Z'), restHookPost(NO_ALLOWED_HOSTS, rebound))).toEqual({ sent: 0, failed: 1 });
  expect(endpoint.received).toHaveLength(1);
  const [, second] = await notificationsOf(id);
  expect(second).toMatchObject({ status: 'failed', attempts: 1, last_error: `Not sent: The endpoint's address 127.0.0.1 (ehr.rebinding.example resolves to it) is a loopback address (the portal's own server)${TAIL}` });
  expect((await read(id)).body.status).toBe('error');
});
