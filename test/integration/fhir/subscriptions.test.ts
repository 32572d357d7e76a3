import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/testApp';
import { Browser } from '../../helpers/browser';
import { accessToken, registeredClient, testKey, TEST_BASE_URL, TEST_MAIL } from '../../helpers/apiClients';
import { TEST_ENDPOINT_HOSTS, testEndpointPost, refusingEndpoint, startNotificationEndpoint, type TestNotificationEndpoint } from '../../helpers/notificationEndpoint';
import { TWO_LINES } from '../../helpers/planRequests';
import { insertDemoRequest } from '../../../src/seed/demoRequests';
import { openDatabase } from '../../../src/db/database';
import { deactivateApiClient } from '../../../src/db/repositories/apiClients';
import { MAX_SUBSCRIPTIONS_PER_ORGANIZATION } from '../../../src/db/repositories/subscriptions';
import { deliverDueNotifications, startSubscriptionWorker } from '../../../src/services/subscriptionWorker';
import { MAX_NOTIFICATION_ATTEMPTS, PAS_SUBSCRIPTION_TOPIC } from '../../../src/domain/subscriptions';
import { reviewCode } from '../../helpers/pasSubmit';
import { CONTENT, FILTER, handshakeDelivered, noSubscriptions, noticeOnNewRequest as noticeOn, notificationsOf as notificationsIn, subscriptionFor } from '../../helpers/subscriptions';

/** Subscriptions (issue 15): an EHR subscribes, a reviewer decides on the desk, the EHR's endpoint is told. */
const BASE = `${TEST_BASE_URL}/fhir`;
let t: TestApp;
let endpoint: TestNotificationEndpoint;
let token = '';
let otherToken = '';
let claimOnlyToken = '';
let northside: { id: number; npi: string };
let lakeview: { id: number; npi: string };

beforeAll(async () => {
  t = await startTestApp({ mail: TEST_MAIL, subscriptionAllowedHosts: TEST_ENDPOINT_HOSTS });
  endpoint = await startNotificationEndpoint();
  const admin = await t.db('users').where({ username: 'demo.admin' }).first('id', 'organization_id');
  northside = await t.db('organizations').where({ id: admin.organization_id }).first('id', 'npi');
  lakeview = await t.db('organizations').where({ name: 'Lakeview Pediatrics' }).first('id', 'npi');
  const key = await testKey('ES384');
  const client = await registeredClient(t.db, northside.id, key, admin.id);
  token = await accessToken(t.app, client.clientId, key, 'system/Subscription.*');
  claimOnlyToken = await accessToken(t.app, client.clientId, key, 'system/Claim.write');
  const otherKey = await testKey('RS384');
  const other = await registeredClient(t.db, lakeview.id, otherKey, admin.id);
  otherToken = await accessToken(t.app, other.clientId, otherKey, 'system/Subscription.*');
});
afterAll(async () => {
  await endpoint.close();
  await t.close();
});
beforeEach(() => noSubscriptions(t.db, endpoint));

/* eslint-disable @typescript-eslint/no-explicit-any -- reading FHIR JSON documents */
function subscription(overrides: Record<string, any> = {}, channel: Record<string, any> = {}): Record<string, any> {
  return subscriptionFor(northside.npi, endpoint.url, overrides, { header: ['Authorization: Bearer ehr-secret'], ...channel });
}

const post = (body: unknown, bearer = token) =>
  request(t.app).post('/fhir/Subscription').set('Authorization', `Bearer ${bearer}`).set('Content-Type', 'application/fhir+json').send(typeof body === 'string' ? body : JSON.stringify(body));
const read = (id: string, bearer = token) => request(t.app).get(`/fhir/Subscription/${id}`).set('Authorization', `Bearer ${bearer}`);
const remove = (id: string, bearer = token) => request(t.app).delete(`/fhir/Subscription/${id}`).set('Authorization', `Bearer ${bearer}`);

/** A new subscription, its handshake delivered: active. */
async function subscribed(overrides: Record<string, any> = {}, channel: Record<string, any> = {}): Promise<string> {
  const res = await post(subscription(overrides, channel));
  expect(res.status).toBe(201);
  await handshakeDelivered(t.db, endpoint);
  return res.body.id as string;
}

/** A new request of Northside's, assigned to the reviewer and opened for a decision on the desk (as planDecision does). */
async function decidingOnTheDesk(username: string): Promise<{ reference: string; reviewer: Browser }> {
  const reference = await insertDemoRequest(t.db, TWO_LINES, new Date());
  const reviewer = new Browser(t.app);
  await reviewer.signIn(username);
  await reviewer.visit(`/plan/requests/${reference}`);
  await reviewer.submit('Assign to me');
  await reviewer.submit('Decide this request');
  return { reference, reviewer };
}

const noticeOnNewRequest = (at: Date) => noticeOn(t.db, at);
const notificationsOf = (subscriptionId: string) => notificationsIn(t.db, subscriptionId);

test('an EHR subscribes; a reviewer decides its request on the desk; its endpoint receives the notification Bundle with the ClaimResponse, once', async () => {
  const created = await post(subscription());
  expect(created.status).toBe(201);
  expect(created.headers['content-type']).toMatch(/^application\/fhir\+json/);
  expect(created.headers.location).toBe(`${BASE}/Subscription/${created.body.id}`);
  expect(created.body).toMatchObject({ resourceType: 'Subscription', status: 'requested', criteria: PAS_SUBSCRIPTION_TOPIC, channel: { type: 'rest-hook', endpoint: endpoint.url, header: ['Authorization: [hidden]'] } });
  expect(created.body._criteria.extension[0].valueString).toBe(`org-identifier=${northside.npi}`);
  const id = created.body.id as string;
  await handshakeDelivered(t.db, endpoint);
  expect((await read(id)).body.status).toBe('active');

  const { reference, reviewer: physician } = await decidingOnTheDesk('demo.physician');
  await physician.submit('Approve line 1');
  await physician.submit('Deny line 2', { 'Reason code for line 2': 'The clinical criteria for this service were not met', 'Reason for the decision on line 2': 'The member walks with a cane' });
  const sent = await physician.submit('Send decision');
  expect(sent.mainText).toContain('Decision sent.');

  // Queued with the decision, before any worker ran.
  const [queued] = await notificationsOf(id);
  expect(queued).toMatchObject({ status: 'queued', attempts: 0, event_number: 1 });
  expect(endpoint.received).toHaveLength(0);

  expect(await deliverDueNotifications(t.db, BASE, new Date(), testEndpointPost)).toEqual({ sent: 1, failed: 0 });
  expect(endpoint.received).toHaveLength(1);
  const [note] = endpoint.received;
  expect(note?.headers.authorization).toBe('Bearer ehr-secret');
  expect(note?.headers['content-type']).toBe('application/fhir+json');
  const bundle = note?.body;
  expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'history' });
  const status = bundle.entry[0].resource;
  expect(status.resourceType).toBe('Parameters');
  const param = (name: string) => status.parameter.find((p: any) => p.name === name);
  expect(param('subscription').valueReference.reference).toBe(`${BASE}/Subscription/${id}`);
  expect(param('topic').valueCanonical).toBe(PAS_SUBSCRIPTION_TOPIC);
  expect(param('type').valueCode).toBe('event-notification');
  const event = param('notification-event').part;
  expect(event.find((p: any) => p.name === 'event-number').valueString).toBe('1');
  const focus = event.find((p: any) => p.name === 'focus').valueReference.reference;
  expect(bundle.entry[1].fullUrl).toBe(focus);
  const response = bundle.entry[1].resource;
  expect(response.meta.profile).toEqual(['http://hl7.org/fhir/us/davinci-pas/StructureDefinition/profile-pas-response-bundle']);
  const claimResponse = response.entry[0].resource;
  expect(claimResponse).toMatchObject({ resourceType: 'ClaimResponse', use: 'preauthorization', preAuthRef: reference });
  expect(claimResponse.item.map((i: any) => [i.itemSequence, reviewCode(i)])).toEqual([[1, 'A1'], [2, 'A3']]);
  const { authorization_number } = await t.db('auth_requests').where({ reference_number: reference }).first('authorization_number');
  expect(claimResponse.item[0].adjudication[0].extension[0].extension[0]).toEqual({ url: 'number', valueString: `${authorization_number}-1` });

  // Delivered: never again.
  expect(await deliverDueNotifications(t.db, BASE, new Date(Date.now() + 24 * 3600_000), testEndpointPost)).toEqual({ sent: 0, failed: 0 });
  expect(endpoint.received).toHaveLength(1);
  expect((await notificationsOf(id)).map((n) => [n.status, n.attempts])).toEqual([['sent', 1]]);
});

test('a request for information on the desk notifies too: the items are pended (A4) with the reference number', async () => {
  const id = await subscribed();
  const { reference, reviewer: nurse } = await decidingOnTheDesk('demo.nurse');
  await nurse.submit('Request information');
  await nurse.submit('Request information', { 'Information needed': 'The sleep study report' });
  expect((await notificationsOf(id)).map((n) => [n.status, n.event_number])).toEqual([['queued', 1]]);
  expect(await deliverDueNotifications(t.db, BASE, new Date(), testEndpointPost)).toEqual({ sent: 1, failed: 0 });
  const claimResponse = endpoint.received[0]?.body.entry[1].resource.entry[0].resource;
  expect(claimResponse.preAuthRef).toBe(reference);
  expect(claimResponse.item.map(reviewCode)).toEqual(['A4', 'A4']);
});

test('an endpoint that answers 500 gets the notification again after the back-off, and 200 ends it', async () => {
  const id = await subscribed();
  const at = new Date('2026-03-10T15:00:00.000Z');
  await noticeOnNewRequest(at);
  endpoint.answers.push(500);
  expect(await deliverDueNotifications(t.db, BASE, at, testEndpointPost)).toEqual({ sent: 0, failed: 1 });
  const [failed] = await notificationsOf(id);
  expect(failed).toMatchObject({ status: 'queued', attempts: 1, last_error: 'The endpoint answered HTTP 500', next_attempt_at: '2026-03-10T15:01:00.000Z' });

  // Not before the back-off has passed.
  expect(await deliverDueNotifications(t.db, BASE, new Date('2026-03-10T15:00:59.000Z'), testEndpointPost)).toEqual({ sent: 0, failed: 0 });
  expect(endpoint.received).toHaveLength(1);
  expect(await deliverDueNotifications(t.db, BASE, new Date('2026-03-10T15:01:00.000Z'), testEndpointPost)).toEqual({ sent: 1, failed: 0 });
  expect(endpoint.received).toHaveLength(2);
  expect(endpoint.received[1]?.body).toEqual(expect.objectContaining({ type: 'history' }));
  expect((await notificationsOf(id)).map((n) => [n.status, n.attempts])).toEqual([['sent', 2]]);
  expect((await read(id)).body.status).toBe('active');
});

test('an endpoint that refuses connections is tried with growing back-off, then given up: the subscription is in error', async () => {
  // An endpoint that answered the handshake and has stopped answering since.
  const id = await subscribed();
  await t.db('subscriptions').where({ id }).update({ endpoint: await refusingEndpoint() });
  let now = new Date('2026-03-10T15:00:00.000Z');
  await noticeOnNewRequest(now);
  const delays: number[] = [];
  for (let attempt = 1; attempt <= MAX_NOTIFICATION_ATTEMPTS; attempt++) {
    // A second decision, due in the round where the first notification is given up: not sent after it.
    if (attempt === MAX_NOTIFICATION_ATTEMPTS) await noticeOnNewRequest(now);
    expect(await deliverDueNotifications(t.db, BASE, now, testEndpointPost)).toEqual({ sent: 0, failed: attempt === MAX_NOTIFICATION_ATTEMPTS ? 2 : 1 });
    const [n] = await notificationsOf(id);
    expect(n.attempts).toBe(attempt);
    expect(n.last_error).toMatch(/^The endpoint could not be reached: ECONNREFUSED/);
    if (attempt < MAX_NOTIFICATION_ATTEMPTS) {
      const next = new Date(n.next_attempt_at);
      delays.push((next.getTime() - now.getTime()) / 60_000);
      now = next;
    } else expect(n.status).toBe('failed');
  }
  expect(delays).toEqual([1, 2, 4, 8, 16, 32, 64]);
  const res = await read(id);
  expect(res.body.status).toBe('error');
  expect(res.body.error).toContain('not delivered after 8 attempts');
  const second = (await notificationsOf(id))[1];
  expect(second).toMatchObject({ status: 'failed', attempts: 1, last_error: "Not sent: the subscription's status is error" });
  // A subscription in error is not notified again.
  await noticeOnNewRequest(now);
  expect(await notificationsOf(id)).toHaveLength(2);
});

test('two workers (two connections, as two processes) delivering at once send each notification once', async () => {
  const id = await subscribed();
  const at = new Date('2026-03-10T16:00:00.000Z');
  for (let i = 0; i < 4; i++) await noticeOnNewRequest(at);
  const other = openDatabase(t.location);
  try {
    const [a, b] = await Promise.all([deliverDueNotifications(t.db, BASE, at, testEndpointPost), deliverDueNotifications(other, BASE, at, testEndpointPost)]);
    expect(a.sent + b.sent).toBe(4);
    expect(a.failed + b.failed).toBe(0);
  } finally {
    await other.destroy();
  }
  expect(endpoint.received).toHaveLength(4);
  const eventNumbers = endpoint.received.map((r) => r.body.entry[0].resource.parameter.find((p: any) => p.name === 'notification-event').part[0].valueString);
  expect(eventNumbers.sort()).toEqual(['1', '2', '3', '4']);
  expect((await notificationsOf(id)).map((n) => [n.status, n.attempts])).toEqual(Array(4).fill(['sent', 1]));
});

test("another organization's client cannot read or delete the subscription (404), and is not notified of this organization's decisions", async () => {
  const id = await subscribed();
  const theirs = (await post(subscription({ _criteria: { extension: [{ url: FILTER, valueString: `org-identifier=${lakeview.npi}` }] } }), otherToken)).body.id as string;
  await handshakeDelivered(t.db, endpoint);
  expect((await read(id, otherToken)).status).toBe(404);
  const refused = await remove(id, otherToken);
  expect(refused.status).toBe(404);
  expect(refused.body).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'not-found' }] });
  expect((await read(id)).status).toBe(200);
  await noticeOnNewRequest(new Date());
  expect(await notificationsOf(id)).toHaveLength(1);
  expect(await notificationsOf(theirs)).toHaveLength(0);
});

test('the owner deletes its subscription: it is gone, with what it had not yet delivered, and later decisions notify no one', async () => {
  const id = await subscribed();
  await noticeOnNewRequest(new Date());
  expect((await remove(id)).status).toBe(204);
  expect((await read(id)).status).toBe(404);
  expect((await remove(id)).status).toBe(404);
  expect(await notificationsOf(id)).toHaveLength(0);
  await noticeOnNewRequest(new Date());
  expect(await t.db('subscription_notifications').count({ n: '*' }).first()).toEqual({ n: 0 });
  const audit = await t.db('audit_log').whereIn('action', ['subscription-created', 'subscription-deleted']).where({ detail: id }).orderBy('id').pluck('action');
  expect(audit).toEqual(['subscription-created', 'subscription-deleted']);
});

test("a deactivated client's subscriptions end: nothing new is queued, and what was queued is not sent", async () => {
  const key = await testKey('ES384');
  const admin = await t.db('users').where({ username: 'demo.admin' }).first('id');
  const client = await registeredClient(t.db, northside.id, key, admin.id);
  const id = (await post(subscription(), await accessToken(t.app, client.clientId, key, 'system/Subscription.*'))).body.id as string;
  await handshakeDelivered(t.db, endpoint);
  await noticeOnNewRequest(new Date('2026-03-10T15:00:00.000Z'));
  await deactivateApiClient(t.db, client.id, new Date().toISOString());
  await noticeOnNewRequest(new Date('2026-03-10T15:00:00.000Z'));
  expect(await deliverDueNotifications(t.db, BASE, new Date('2026-03-10T15:00:00.000Z'), testEndpointPost)).toEqual({ sent: 0, failed: 1 });
  expect(endpoint.received).toHaveLength(0);
  expect((await notificationsOf(id)).map((n) => [n.status, n.last_error])).toEqual([['failed', "Not sent: the subscription's status is off"]]);
});

test('an organization holds at most 10 subscriptions', async () => {
  for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_ORGANIZATION; i++) await subscribed();
  const res = await post(subscription());
  expect(res.status).toBe(422);
  expect(res.body.issue[0]).toMatchObject({ code: 'business-rule', diagnostics: 'The organization already has 10 subscriptions, the most it may hold: delete one first' });
});

test('a subscription past its end reads as off and is not notified', async () => {
  const id = await subscribed({ end: new Date(Date.now() + 3600_000).toISOString() });
  await t.db('subscriptions').where({ id }).update({ end_at: '2026-01-01T00:00:00.000Z' });
  expect((await read(id)).body.status).toBe('off');
  await noticeOnNewRequest(new Date('2026-03-10T15:00:00.000Z'));
  expect(await notificationsOf(id)).toHaveLength(0);
});

test('a client may subscribe only for its own organization', async () => {
  const res = await post(subscription({ _criteria: { extension: [{ url: FILTER, valueString: `org-identifier=${lakeview.npi}` }] } }));
  expect(res.status).toBe(403);
  expect(res.body.issue[0]).toMatchObject({ code: 'forbidden', expression: [`Subscription.criteria.extension('${FILTER}').value`] });
  expect(await t.db('subscriptions').count({ n: '*' }).first()).toEqual({ n: 0 });
});

test.each([
  ['no reason', () => subscription({ reason: undefined }), 'Subscription.reason', 'reason is required: say why the subscription is made'],
  ['another topic', () => subscription({ criteria: 'ClaimResponse?status=active' }), 'Subscription.criteria', `The only topic offered is ${PAS_SUBSCRIPTION_TOPIC}, not "ClaimResponse?status=active"`],
  ['no filter', () => subscription({ _criteria: undefined }), `Subscription.criteria.extension('${FILTER}')`, 'A filter is required: org-identifier=<the NPI of your organization>'],
  ['a websocket channel', () => subscription({}, { type: 'websocket' }), 'Subscription.channel.type', 'The only channel offered is rest-hook, not "websocket"'],
  ['credentials in the endpoint', () => subscription({}, { endpoint: 'https://ehr:secret@ehr.example/notify' }), 'Subscription.channel.endpoint', 'The endpoint must not carry credentials: send them in channel.header (for example "Authorization: Bearer ...")'],
  ['an ftp endpoint', () => subscription({}, { endpoint: 'ftp://ehr.example/notify' }), 'Subscription.channel.endpoint', 'The endpoint must be an http or https URL, not ftp'],
  ['id-only content', () => subscription({}, { _payload: { extension: [{ url: CONTENT, valueCode: 'id-only' }] } }), `Subscription.channel.payload.extension('${CONTENT}').value`, 'The only payload content offered is full-resource, not "id-only"'],
  ['a header on two lines', () => subscription({}, { header: ['X-Token: a\r\nHost: evil.example'] }), 'Subscription.channel.header[0]', 'A header must be "Name: value" on one line (at most 4096 characters), like "Authorization: Bearer abc"'],
])('%s: 422 with an OperationOutcome naming the element', async (_what, body, expression, diagnostics) => {
  const res = await post(body());
  expect(res.status).toBe(422);
  expect(res.body.resourceType).toBe('OperationOutcome');
  expect(res.body.issue).toEqual([{ severity: 'error', code: expect.any(String), diagnostics, expression: [expression] }]);
});

test('bad JSON, a wrong resourceType, a token without the Subscription scope and no token: 4xx with an OperationOutcome, never 500', async () => {
  const bad = await post('{"resourceType": "Subscription",');
  expect(bad.status).toBe(400);
  expect(bad.body.issue[0].diagnostics).toBe('The body is not valid JSON');
  const wrong = await post({ resourceType: 'Patient' });
  expect(wrong.status).toBe(422);
  expect(wrong.body.issue[0]).toMatchObject({ expression: ['Subscription.resourceType'], diagnostics: 'resourceType must be Subscription, not "Patient"' });
  const unscoped = await post(subscription(), claimOnlyToken);
  expect(unscoped.status).toBe(403);
  expect(unscoped.body.issue[0].diagnostics).toBe('The access token lacks the scope system/Subscription.*');
  expect((await read('anything', claimOnlyToken)).status).toBe(403);
  expect((await request(t.app).get('/fhir/Subscription/anything')).status).toBe(401);
});

test('the worker a portal process runs delivers what is due at once, on its own clock, and stops when asked', async () => {
  const id = await subscribed();
  const at = new Date('2026-03-10T17:00:00.000Z');
  await noticeOnNewRequest(at);
  const worker = startSubscriptionWorker(t.db, BASE, { everyMs: 3600_000, allowedHosts: TEST_ENDPOINT_HOSTS, clock: () => at, onError: (err) => { throw err; } });
  await worker.stop();
  expect((await notificationsOf(id)).map((n) => n.status)).toEqual(['sent']);
  expect(endpoint.received).toHaveLength(1);
});

test('/fhir/metadata lists the Subscription resource and the PAS topic', async () => {
  const res = await request(t.app).get('/fhir/metadata');
  const resource = res.body.rest[0].resource.find((r: any) => r.type === 'Subscription');
  expect(resource.interaction.map((i: any) => i.code)).toEqual(['create', 'read', 'delete']);
  expect(resource.extension[0].valueCanonical).toBe(PAS_SUBSCRIPTION_TOPIC);
});
