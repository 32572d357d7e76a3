import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/testApp';
import { officeToken, TEST_MAIL } from '../../helpers/apiClients';
import { TEST_ENDPOINT_HOSTS, testEndpointPost, startNotificationEndpoint, type TestNotificationEndpoint } from '../../helpers/notificationEndpoint';
import { handshakeDelivered, noSubscriptions, noticeOnNewRequest, notificationsOf, subscriptionFor, SUBSCRIPTION_BASE as BASE } from '../../helpers/subscriptions';
import { expectValidFhir } from '../../helpers/fhirSchema';
import { deliverDueNotifications } from '../../../src/services/subscriptionWorker';
import { HEARTBEAT_PERIOD_URL, MAX_NOTIFICATION_ATTEMPTS } from '../../../src/domain/subscriptions';

/**
 * Subscription handshakes and heartbeats (R4 Subscriptions Backport STU1.1, as PAS uses it): a new
 * subscription is requested until its endpoint answers the handshake, and one with a heartbeat period
 * is sent a heartbeat when that long has passed without a notification. The worker's clock is passed in.
 */
let t: TestApp;
let endpoint: TestNotificationEndpoint;
let token = '';
let npi = '';

beforeAll(async () => {
  t = await startTestApp({ mail: TEST_MAIL, subscriptionAllowedHosts: TEST_ENDPOINT_HOSTS });
  endpoint = await startNotificationEndpoint();
  const admin = await t.db('users').where({ username: 'demo.admin' }).first('organization_id');
  ({ npi } = await t.db('organizations').where({ id: admin.organization_id }).first('npi'));
  token = await officeToken(t.app, t.db, 'system/Subscription.*');
});
afterAll(async () => {
  await endpoint.close();
  await t.close();
});
beforeEach(() => noSubscriptions(t.db, endpoint));

/* eslint-disable @typescript-eslint/no-explicit-any -- reading FHIR JSON documents */
const heartbeatEvery = (seconds: unknown) => ({ extension: [{ url: HEARTBEAT_PERIOD_URL, valueUnsignedInt: seconds }] });
const post = (channel: Record<string, any> = {}) =>
  request(t.app).post('/fhir/Subscription').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/fhir+json').send(JSON.stringify(subscriptionFor(npi, endpoint.url, {}, channel)));
const read = (id: string) => request(t.app).get(`/fhir/Subscription/${id}`).set('Authorization', `Bearer ${token}`);
const statusOf = (bundle: any) => Object.fromEntries(bundle.entry[0].resource.parameter.map((p: any) => [p.name, p.valueCode ?? p.valueString ?? p.valueCanonical ?? p.valueReference?.reference ?? p.part]));
const typesReceived = () => endpoint.received.map((r) => statusOf(r.body).type);
const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);
const handshakeRow = (id: string) => t.db('subscription_notifications').where({ subscription_id: id, kind: 'handshake' }).first('*');

async function created(channel: Record<string, any> = {}): Promise<string> {
  const res = await post(channel);
  expect(res.status).toBe(201);
  return res.body.id as string;
}

describe('handshake', () => {
  test('a new subscription answers status requested; the worker POSTs the handshake to its endpoint; after a 2xx it reads active', async () => {
    const res = await post();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ resourceType: 'Subscription', status: 'requested' });
    const id = res.body.id as string;
    expect((await read(id)).body.status).toBe('requested');
    expect(endpoint.received).toHaveLength(0);

    expect(await deliverDueNotifications(t.db, BASE, new Date(), testEndpointPost)).toEqual({ sent: 1, failed: 0 });
    expect(endpoint.received).toHaveLength(1);
    const [handshake] = endpoint.received;
    expect(handshake?.headers['content-type']).toBe('application/fhir+json');
    expect(handshake?.body).toMatchObject({ resourceType: 'Bundle', type: 'history' });
    expect(handshake?.body.entry).toHaveLength(1);
    expectValidFhir(handshake?.body);
    expect(handshake?.body.entry[0].resource.resourceType).toBe('Parameters');
    expect(statusOf(handshake?.body)).toEqual({
      subscription: `${BASE}/Subscription/${id}`,
      topic: 'http://hl7.org/fhir/us/davinci-pas/SubscriptionTopic/PASSubscriptionTopic',
      status: 'requested',
      type: 'handshake',
      'events-since-subscription-start': '0',
    });
    const active = await read(id);
    expect(active.body.status).toBe('active');
    expect(active.body.error).toBeUndefined();
    // Sent once.
    expect(await deliverDueNotifications(t.db, BASE, later(new Date(), 3600), testEndpointPost)).toEqual({ sent: 0, failed: 0 });
    expect(endpoint.received).toHaveLength(1);
  });

  test('a decision made while the subscription is requested waits for the handshake (retried after a 500) and is delivered right after it: none lost', async () => {
    const id = await created();
    const at = new Date();
    await noticeOnNewRequest(t.db, at);
    endpoint.answers.push(500);
    expect(await deliverDueNotifications(t.db, BASE, at, testEndpointPost)).toEqual({ sent: 0, failed: 1 });
    expect(typesReceived()).toEqual(['handshake']);
    expect((await read(id)).body.status).toBe('requested');
    // The event is held, its attempt not counted, until the handshake is tried again (after a minute).
    const [held] = await notificationsOf(t.db, id);
    const retry = (await handshakeRow(id)).next_attempt_at;
    expect(retry).toBe(later(at, 60).toISOString());
    expect(held).toMatchObject({ status: 'queued', attempts: 0, next_attempt_at: retry });

    expect(await deliverDueNotifications(t.db, BASE, new Date(retry), testEndpointPost)).toEqual({ sent: 2, failed: 0 });
    expect(typesReceived()).toEqual(['handshake', 'handshake', 'event-notification']);
    expect(statusOf(endpoint.received[2]?.body)['notification-event'][0]).toEqual({ name: 'event-number', valueString: '1' });
    expect(endpoint.received[2]?.body.entry[1].resource.entry[0].resource.resourceType).toBe('ClaimResponse');
    expect((await notificationsOf(t.db, id)).map((n) => [n.status, n.attempts])).toEqual([['sent', 1]]);
    expect((await read(id)).body.status).toBe('active');
  });

  test('a handshake answered 500 until the attempts run out puts the subscription in error, and no event is sent', async () => {
    const id = await created();
    let now = new Date();
    await noticeOnNewRequest(t.db, now);
    for (let attempt = 1; attempt <= MAX_NOTIFICATION_ATTEMPTS; attempt++) {
      endpoint.answers.push(500);
      expect(await deliverDueNotifications(t.db, BASE, now, testEndpointPost)).toEqual({ sent: 0, failed: attempt === MAX_NOTIFICATION_ATTEMPTS ? 2 : 1 });
      const handshake = await handshakeRow(id);
      expect(handshake.attempts).toBe(attempt);
      if (attempt < MAX_NOTIFICATION_ATTEMPTS) now = new Date(handshake.next_attempt_at);
      else expect(handshake.status).toBe('failed');
    }
    expect(typesReceived()).toEqual(Array(MAX_NOTIFICATION_ATTEMPTS).fill('handshake'));
    const res = await read(id);
    expect(res.body.status).toBe('error');
    expect(res.body.error).toBe('Handshake not delivered after 8 attempts: The endpoint answered HTTP 500');
    expect((await notificationsOf(t.db, id)).map((n) => [n.status, n.last_error])).toEqual([['failed', "Not sent: the subscription's status is error"]]);
    expect(await deliverDueNotifications(t.db, BASE, later(now, 86_400), testEndpointPost)).toEqual({ sent: 0, failed: 0 });
    expect(typesReceived()).not.toContain('event-notification');
  });
});

describe('heartbeat', () => {
  test('with a heartbeat period of 60 s: none 30 s after the last notification, one 61 s after it, and it is echoed on read', async () => {
    const id = await created(heartbeatEvery(60));
    const echoed = (await read(id)).body;
    expect(echoed.channel.extension).toEqual([{ url: HEARTBEAT_PERIOD_URL, valueUnsignedInt: 60 }]);
    expectValidFhir(echoed);
    const handshakeAt = new Date();
    expect(await deliverDueNotifications(t.db, BASE, handshakeAt, testEndpointPost)).toEqual({ sent: 1, failed: 0 });
    endpoint.received.length = 0;

    expect(await deliverDueNotifications(t.db, BASE, later(handshakeAt, 30), testEndpointPost)).toEqual({ sent: 0, failed: 0 });
    expect(endpoint.received).toHaveLength(0);
    expect(await deliverDueNotifications(t.db, BASE, later(handshakeAt, 61), testEndpointPost)).toEqual({ sent: 1, failed: 0 });
    expect(endpoint.received).toHaveLength(1);
    expect(endpoint.received[0]?.body).toMatchObject({ resourceType: 'Bundle', type: 'history' });
    expect(endpoint.received[0]?.body.entry).toHaveLength(1);
    expectValidFhir(endpoint.received[0]?.body);
    expect(statusOf(endpoint.received[0]?.body)).toMatchObject({ status: 'active', type: 'heartbeat', 'events-since-subscription-start': '0' });
    // The heartbeat is a notification too: the next is due a period after it, not before.
    expect(await deliverDueNotifications(t.db, BASE, later(handshakeAt, 61), testEndpointPost)).toEqual({ sent: 0, failed: 0 });
    expect(await deliverDueNotifications(t.db, BASE, later(handshakeAt, 120), testEndpointPost)).toEqual({ sent: 0, failed: 0 });
    expect(await deliverDueNotifications(t.db, BASE, later(handshakeAt, 122), testEndpointPost)).toEqual({ sent: 1, failed: 0 });
    expect(typesReceived()).toEqual(['heartbeat', 'heartbeat']);
  });

  test('an event notification counts as the last notification: no heartbeat until a period after it', async () => {
    const id = await created(heartbeatEvery(60));
    const handshakeAt = new Date();
    await handshakeDelivered(t.db, endpoint);
    await noticeOnNewRequest(t.db, later(handshakeAt, 50));
    expect(await deliverDueNotifications(t.db, BASE, later(handshakeAt, 50), testEndpointPost)).toEqual({ sent: 1, failed: 0 });
    expect(await deliverDueNotifications(t.db, BASE, later(handshakeAt, 100), testEndpointPost)).toEqual({ sent: 0, failed: 0 });
    expect(await deliverDueNotifications(t.db, BASE, later(handshakeAt, 111), testEndpointPost)).toEqual({ sent: 1, failed: 0 });
    expect(typesReceived()).toEqual(['event-notification', 'heartbeat']);
    expect(statusOf(endpoint.received[1]?.body)['events-since-subscription-start']).toBe('1');
    expect((await read(id)).body.status).toBe('active');
  });

  test('no heartbeat without the extension, nor while the subscription is requested', async () => {
    await created();
    await created(heartbeatEvery(60));
    const at = new Date();
    endpoint.answers.push(500, 500);
    expect(await deliverDueNotifications(t.db, BASE, at, testEndpointPost)).toEqual({ sent: 0, failed: 2 });
    // Each handshake is tried again a minute later; until then (requested, never notified) no heartbeat is due.
    expect(await deliverDueNotifications(t.db, BASE, later(at, 59), testEndpointPost)).toEqual({ sent: 0, failed: 0 });
    expect(await deliverDueNotifications(t.db, BASE, later(at, 60), testEndpointPost)).toEqual({ sent: 2, failed: 0 });
    expect(await deliverDueNotifications(t.db, BASE, later(at, 60 + 86_400), testEndpointPost)).toEqual({ sent: 1, failed: 0 });
    expect(typesReceived()).toEqual(['handshake', 'handshake', 'handshake', 'handshake', 'heartbeat']);
  });

  test.each([
    ['30 s (under a minute)', 30],
    ['two days', 172_800],
    ['a string', '60'],
  ])('a heartbeat period of %s is refused with 422 and an OperationOutcome, and nothing is stored', async (_what, seconds) => {
    const res = await post(heartbeatEvery(seconds));
    expect(res.status).toBe(422);
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue).toEqual([{ severity: 'error', code: 'value', expression: [`Subscription.channel.extension('${HEARTBEAT_PERIOD_URL}').value`], diagnostics: `The heartbeat period must be a valueUnsignedInt of 60 to 86400 seconds (a minute to a day), not ${JSON.stringify(seconds)}` }]);
    expect(await t.db('subscriptions').count({ n: '*' }).first()).toEqual({ n: 0 });
    expect(await t.db('subscription_notifications').count({ n: '*' }).first()).toEqual({ n: 0 });
  });
});
