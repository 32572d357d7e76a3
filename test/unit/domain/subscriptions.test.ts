import { endpointProblem, filterOrganizationNpi, headerFields, HEARTBEAT_PERIOD_URL, hiddenHeader, PAS_SUBSCRIPTION_TOPIC, readSubscription } from '../../../src/domain/subscriptions';

const NOW = new Date('2026-03-10T15:00:00.000Z');
const FILTER = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-filter-criteria';
const CONTENT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content';

/* eslint-disable @typescript-eslint/no-explicit-any -- building FHIR JSON */
const subscription = (overrides: Record<string, any> = {}, channel: Record<string, any> = {}) => ({
  resourceType: 'Subscription',
  status: 'requested',
  reason: 'Decisions',
  criteria: PAS_SUBSCRIPTION_TOPIC,
  _criteria: { extension: [{ url: FILTER, valueString: 'org-identifier=1234567893' }] },
  channel: { type: 'rest-hook', endpoint: 'https://ehr.example/notify', payload: 'application/fhir+json', _payload: { extension: [{ url: CONTENT, valueCode: 'full-resource' }] }, ...channel },
  ...overrides,
});

describe('readSubscription', () => {
  test('a rest-hook subscription on the PAS topic, full-resource, filtered by the organization, is read with its headers', () => {
    expect(readSubscription(subscription({ end: '2027-01-31T00:00:00Z' }, { header: ['Authorization:  Bearer abc ', 'X-Ehr: 1'] }), NOW)).toEqual({
      subscription: { reason: 'Decisions', endpoint: 'https://ehr.example/notify', headers: ['Authorization: Bearer abc', 'X-Ehr: 1'], filterCriteria: 'org-identifier=1234567893', organizationNpi: '1234567893', end: '2027-01-31T00:00:00.000Z', heartbeatPeriod: null },
    });
  });

  test('a heartbeat period on the channel (Backport extension, seconds) is kept', () => {
    const reading = readSubscription(subscription({}, { extension: [{ url: HEARTBEAT_PERIOD_URL, valueUnsignedInt: 3600 }] }), NOW);
    expect('subscription' in reading && reading.subscription.heartbeatPeriod).toBe(3600);
  });

  test.each([
    ['59 s', [{ url: HEARTBEAT_PERIOD_URL, valueUnsignedInt: 59 }], `.value`, 'The heartbeat period must be a valueUnsignedInt of 60 to 86400 seconds (a minute to a day), not 59'],
    ['86401 s', [{ url: HEARTBEAT_PERIOD_URL, valueUnsignedInt: 86401 }], `.value`, 'The heartbeat period must be a valueUnsignedInt of 60 to 86400 seconds (a minute to a day), not 86401'],
    ['90.5 s', [{ url: HEARTBEAT_PERIOD_URL, valueUnsignedInt: 90.5 }], `.value`, 'The heartbeat period must be a valueUnsignedInt of 60 to 86400 seconds (a minute to a day), not 90.5'],
    ['a valueString', [{ url: HEARTBEAT_PERIOD_URL, valueString: '60' }], `.value`, 'The heartbeat period must be a valueUnsignedInt of 60 to 86400 seconds (a minute to a day), not null'],
    ['given twice', [{ url: HEARTBEAT_PERIOD_URL, valueUnsignedInt: 60 }, { url: HEARTBEAT_PERIOD_URL, valueUnsignedInt: 120 }], '', 'Give the heartbeat period once'],
  ] as const)('a heartbeat period of %s is refused', (_what, extension, tail, diagnostics) => {
    const reading = readSubscription(subscription({}, { extension }), NOW);
    expect('issues' in reading && reading.issues.map((i) => [i.expression, i.diagnostics])).toEqual([[`Subscription.channel.extension('${HEARTBEAT_PERIOD_URL}')${tail}`, diagnostics]]);
  });

  test('every problem is named at once, each by its element', () => {
    const reading = readSubscription({ resourceType: 'Subscription', channel: { type: 'email' } }, NOW);
    expect('issues' in reading && reading.issues.map((i) => i.expression)).toEqual([
      'Subscription.status',
      'Subscription.reason',
      'Subscription.criteria',
      `Subscription.criteria.extension('${FILTER}')`,
      'Subscription.channel.type',
      'Subscription.channel.endpoint',
      'Subscription.channel.payload',
      `Subscription.channel.payload.extension('${CONTENT}')`,
    ]);
  });

  test.each([
    [{ status: 'off' }, 'Subscription.status'],
    [{ end: '2026-03-09T00:00:00Z' }, 'Subscription.end'],
    [{ end: 'tomorrow' }, 'Subscription.end'],
    [{ _criteria: { extension: [{ url: FILTER, valueString: 'org-identifier=12345' }] } }, `Subscription.criteria.extension('${FILTER}').value`],
  ])('%j is refused at %s', (overrides, expression) => {
    const reading = readSubscription(subscription(overrides), NOW);
    expect('issues' in reading && reading.issues.map((i) => i.expression)).toEqual([expression]);
  });

  test('a channel may not set the headers the portal writes itself', () => {
    const reading = readSubscription(subscription({}, { header: ['Content-Type: text/plain'] }), NOW);
    expect('issues' in reading && reading.issues[0]).toEqual({ code: 'value', expression: 'Subscription.channel.header[0]', diagnostics: 'The portal sets the Content-Type header itself: a channel may not' });
  });

  test('anything but an object is refused whole', () => {
    expect(readSubscription([], NOW)).toEqual({ issues: [{ code: 'structure', expression: 'Subscription', diagnostics: 'The body must be a JSON object: a Subscription resource' }] });
  });
});

test.each([
  ['https://ehr.example/notify', undefined],
  ['http://127.0.0.1:8080/notify', undefined],
  ['https://user:pass@ehr.example/notify', 'The endpoint must not carry credentials: send them in channel.header (for example "Authorization: Bearer ...")'],
  ['https://user@ehr.example/notify', 'The endpoint must not carry credentials: send them in channel.header (for example "Authorization: Bearer ...")'],
  ['file:///etc/passwd', 'The endpoint must be an http or https URL, not file'],
  ['/notify', 'The endpoint must be an absolute URL, like https://ehr.example/fhir/notifications'],
])('endpoint %s', (endpoint, problem) => {
  expect(endpointProblem(endpoint)).toBe(problem);
});

test.each([
  ['org-identifier=1234567893', '1234567893'],
  ['ClaimResponse?org-identifier=1234567893', '1234567893'],
  ['org-identifier=http://hl7.org/fhir/sid/us-npi|1234567893', '1234567893'],
  ['org-identifier=http://example.org/other|1234567893', undefined],
  ['patient=123', undefined],
])('filter %s names NPI %s', (filter, npi) => {
  expect(filterOrganizationNpi(filter)).toBe(npi);
});

test("a channel's headers become the request's fields, and a read shows their names only", () => {
  expect(headerFields(['Authorization: Bearer a:b', 'X-Ehr: 1'])).toEqual({ Authorization: 'Bearer a:b', 'X-Ehr': '1' });
  expect(hiddenHeader('Authorization: Bearer a:b')).toBe('Authorization: [hidden]');
});
