import { notificationBundle, statusNotificationBundle, subscriptionResource } from '../../../src/fhir/subscriptionResources';
import { HEARTBEAT_PERIOD_URL, PAS_SUBSCRIPTION_TOPIC } from '../../../src/domain/subscriptions';

const BASE = 'https://portal.example/fhir';

/* eslint-disable @typescript-eslint/no-explicit-any -- reading FHIR JSON documents */
test("a notification is shaped like the guide's example: the subscription status, then the PAS response Bundle it points to", () => {
  const bundle = notificationBundle({
    base: BASE, subscriptionId: 'sub-1', eventNumber: 3, eventsSinceStart: 4, eventAt: '2026-03-10T15:00:00.000Z', statusId: '0b5a3c6e-0000-4000-8000-000000000001', now: '2026-03-10T15:00:05.000Z',
    request: { referenceNumber: '123456789', memberId: '5634024', organizationNpi: '1234567893', claimIdentifiers: [], lines: [{ itemSequence: 1, outcome: 'Approved', certificationNumber: 'A-1', authorizedUnits: 3, authorizedFrom: '2026-03-10', authorizedTo: '2026-06-10', startDate: '2026-03-10', endDate: '2026-06-10' }] },
  }) as any;
  expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'history', timestamp: '2026-03-10T15:00:05.000Z' });
  const [status, response] = bundle.entry;
  expect(status.fullUrl).toBe('urn:uuid:0b5a3c6e-0000-4000-8000-000000000001');
  expect(status.request).toEqual({ method: 'GET', url: `${BASE}/Subscription/sub-1/$status` });
  expect(status.resource.parameter.map((p: any) => p.name)).toEqual(['subscription', 'topic', 'status', 'type', 'events-since-subscription-start', 'notification-event']);
  expect(status.resource.parameter[1].valueCanonical).toBe(PAS_SUBSCRIPTION_TOPIC);
  const event = status.resource.parameter[5].part;
  expect(event).toEqual([
    { name: 'event-number', valueString: '3' },
    { name: 'timestamp', valueInstant: '2026-03-10T15:00:00.000Z' },
    { name: 'focus', valueReference: { reference: `${BASE}/Bundle/pas-123456789-3` } },
  ]);
  expect(response.fullUrl).toBe(`${BASE}/Bundle/pas-123456789-3`);
  expect(response.resource).toMatchObject({ resourceType: 'Bundle', id: 'pas-123456789-3', type: 'collection' });
  expect(response.resource.entry[0].resource).toMatchObject({ resourceType: 'ClaimResponse', preAuthRef: '123456789', patient: { reference: 'Patient/5634024' }, requestor: { reference: 'Organization/1234567893' }, item: [{ itemSequence: 1 }] });
});

test('a notification about a request sent through the API echoes its Claim identifiers and item sequences as the client sent them', () => {
  const bundle = notificationBundle({
    base: BASE, subscriptionId: 'sub-1', eventNumber: 1, eventsSinceStart: 1, eventAt: '2026-03-10T15:00:00.000Z', statusId: '0b5a3c6e-0000-4000-8000-000000000002', now: '2026-03-10T15:00:05.000Z',
    request: {
      referenceNumber: '123456789', memberId: '5634024', organizationNpi: '1234567893',
      claimIdentifiers: [{ system: 'http://ehr.example/claims', value: 'EHR-CLAIM-7' }],
      lines: [{ itemSequence: 7, outcome: 'Approved', certificationNumber: 'A-1', authorizedUnits: 3, authorizedFrom: '2026-03-10', authorizedTo: '2026-06-10', startDate: '2026-03-10', endDate: '2026-06-10' }],
    },
  }) as any;
  const claimResponse = bundle.entry[1].resource.entry[0].resource;
  expect(claimResponse.identifier).toEqual([{ system: 'http://ehr.example/claims', value: 'EHR-CLAIM-7' }]);
  expect(claimResponse.item.map((i: any) => i.itemSequence)).toEqual([7]);
});

test('a Subscription as read: the filter and channel as given, header values hidden', () => {
  const read = subscriptionResource({ id: 'sub-1', status: 'active', reason: 'Decisions', filterCriteria: 'org-identifier=1234567893', endpoint: 'https://ehr.example/n', headers: ['Authorization: Bearer secret'], end: null, lastError: null, heartbeatPeriod: null }) as any;
  expect(read).toMatchObject({ resourceType: 'Subscription', id: 'sub-1', status: 'active', criteria: PAS_SUBSCRIPTION_TOPIC, channel: { type: 'rest-hook', endpoint: 'https://ehr.example/n', payload: 'application/fhir+json', header: ['Authorization: [hidden]'] } });
  expect(JSON.stringify(read)).not.toContain('secret');
  expect(read.channel.extension).toBeUndefined();
});

test('a Subscription with a heartbeat period echoes it on the channel', () => {
  const read = subscriptionResource({ id: 'sub-1', status: 'active', reason: 'Decisions', filterCriteria: 'org-identifier=1234567893', endpoint: 'https://ehr.example/n', headers: [], end: null, lastError: null, heartbeatPeriod: 600 }) as any;
  expect(read.channel.extension).toEqual([{ url: HEARTBEAT_PERIOD_URL, valueUnsignedInt: 600 }]);
});

test.each([
  ['handshake', 'requested', '0'],
  ['heartbeat', 'active', '4'],
] as const)('a %s is a history Bundle with the subscription status only: status %s, %s events, no event or focus', (type, status, events) => {
  const bundle = statusNotificationBundle({ base: BASE, subscriptionId: 'sub-1', type, eventsSinceStart: 4, statusId: '0b5a3c6e-0000-4000-8000-000000000003', now: '2026-03-10T15:00:05.000Z' }) as any;
  expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'history', timestamp: '2026-03-10T15:00:05.000Z' });
  expect(bundle.entry).toHaveLength(1);
  expect(bundle.entry[0].request).toEqual({ method: 'GET', url: `${BASE}/Subscription/sub-1/$status` });
  expect(bundle.entry[0].resource.parameter).toEqual([
    { name: 'subscription', valueReference: { reference: `${BASE}/Subscription/sub-1` } },
    { name: 'topic', valueCanonical: PAS_SUBSCRIPTION_TOPIC },
    { name: 'status', valueCode: status },
    { name: 'type', valueCode: type },
    { name: 'events-since-subscription-start', valueString: events },
  ]);
});
