import type { Db } from '../../src/db/database';
import { raiseNotice } from '../../src/db/repositories/notices';
import { PAS_SUBSCRIPTION_TOPIC } from '../../src/domain/subscriptions';
import { insertDemoRequest } from '../../src/seed/demoRequests';
import { TWO_LINES } from './planRequests';
import { testEndpointPost, type TestNotificationEndpoint } from './notificationEndpoint';
import { TEST_BASE_URL } from './apiClients';
import { deliverDueNotifications, type NotificationPost } from '../../src/services/subscriptionWorker';

/** The FHIR base the tests' notifications name. */
export const SUBSCRIPTION_BASE = `${TEST_BASE_URL}/fhir`;

/** What the Subscription tests share (issue 15). */
export const FILTER = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-filter-criteria';
export const CONTENT = 'http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-payload-content';

/* eslint-disable @typescript-eslint/no-explicit-any -- a FHIR JSON document, as a client writes it */
/** A valid Subscription for the organization with this NPI, notifying `endpoint`; the channel's fields and the resource's may be replaced. */
export function subscriptionFor(npi: string, endpoint: string, overrides: Record<string, any> = {}, channel: Record<string, any> = {}): Record<string, any> {
  return {
    resourceType: 'Subscription',
    status: 'requested',
    reason: 'Decisions on our prior authorization requests',
    criteria: PAS_SUBSCRIPTION_TOPIC,
    _criteria: { extension: [{ url: FILTER, valueString: `org-identifier=${npi}` }] },
    channel: { type: 'rest-hook', endpoint, payload: 'application/fhir+json', _payload: { extension: [{ url: CONTENT, valueCode: 'full-resource' }] }, ...channel },
    ...overrides,
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Each test starts with no subscription, nothing waiting to be delivered and nothing received. */
export async function noSubscriptions(db: Db, endpoint: TestNotificationEndpoint): Promise<void> {
  endpoint.received.length = 0;
  endpoint.answers.length = 0;
  await db('subscription_notifications').delete();
  await db('subscriptions').delete();
}

/** A decision's notice on a new request of the demo organization's, raised as the desk raises it (in its transaction). */
export async function noticeOnNewRequest(db: Db, at: Date): Promise<{ reference: string; requestId: number }> {
  const reference = await insertDemoRequest(db, TWO_LINES, at);
  const { id, organization_id } = await db('auth_requests').where({ reference_number: reference }).first('id', 'organization_id');
  await db.transaction((trx) => raiseNotice(trx, { organizationId: organization_id, requestId: id, kind: 'decision', at: at.toISOString() }));
  return { reference, requestId: id };
}

/** A subscription's event notifications (not its handshake or heartbeats), oldest first, as the table keeps them. */
export const notificationsOf = (db: Db, subscriptionId: string) => db('subscription_notifications').where({ subscription_id: subscriptionId, kind: 'event' }).orderBy('id').select('*');

/**
 * The new subscription's handshake delivered now (it is the only notification due), so it is active as
 * the Backport's handshake leaves it; the endpoint forgets what it received.
 */
export async function handshakeDelivered(db: Db, endpoint: TestNotificationEndpoint, post: NotificationPost = testEndpointPost): Promise<void> {
  expect(await deliverDueNotifications(db, SUBSCRIPTION_BASE, new Date(), post)).toEqual({ sent: 1, failed: 0 });
  expect(endpoint.received.map((r) => r.body.entry[0].resource.parameter.find((p: { name: string }) => p.name === 'type').valueCode)).toEqual(['handshake']);
  endpoint.received.length = 0;
}
