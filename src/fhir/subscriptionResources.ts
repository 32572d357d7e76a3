import { FILTER_CRITERIA_URL, HEARTBEAT_PERIOD_URL, hiddenHeader, PAS_SUBSCRIPTION_TOPIC, PAYLOAD_CONTENT_URL, SUBSCRIPTION_PROFILE } from '../domain/subscriptions';
import type { Identifier } from './pasMapping';
import type { DecidedLine } from './pasResponse';
import { pasResponseBundle } from './pasResponse';

/**
 * The FHIR resources of Subscriptions (issue 15, R4 Subscriptions Backport as PAS uses it): a
 * Subscription as a read shows it, and a notification Bundle shaped like the guide's example
 * (Bundle-PASSubscriptionNotification): a history Bundle whose first entry is the subscription status
 * (Parameters) with the event number, then the PAS response Bundle of the request, full-resource, built
 * by the same builder as $submit's response. Pure.
 * https://hl7.org/fhir/uv/subscriptions-backport/STU1.1/notifications.html
 */

export interface SubscriptionView {
  id: string;
  status: string;
  reason: string;
  filterCriteria: string;
  endpoint: string;
  headers: readonly string[];
  end: string | null;
  lastError: string | null;
  heartbeatPeriod: number | null;
}

export function subscriptionResource(s: SubscriptionView): object {
  return {
    resourceType: 'Subscription',
    id: s.id,
    meta: { profile: [SUBSCRIPTION_PROFILE] },
    status: s.status,
    reason: s.reason,
    criteria: PAS_SUBSCRIPTION_TOPIC,
    _criteria: { extension: [{ url: FILTER_CRITERIA_URL, valueString: s.filterCriteria }] },
    ...(s.end ? { end: s.end } : {}),
    ...(s.lastError ? { error: s.lastError } : {}),
    channel: {
      ...(s.heartbeatPeriod !== null ? { extension: [{ url: HEARTBEAT_PERIOD_URL, valueUnsignedInt: s.heartbeatPeriod }] } : {}),
      type: 'rest-hook',
      endpoint: s.endpoint,
      payload: 'application/fhir+json',
      _payload: { extension: [{ url: PAYLOAD_CONTENT_URL, valueCode: 'full-resource' }] },
      ...(s.headers.length > 0 ? { header: s.headers.map(hiddenHeader) } : {}),
    },
  };
}

export interface NotificationInput {
  /** The portal's FHIR base, for fullUrl and references. */
  base: string;
  subscriptionId: string;
  eventNumber: number;
  eventsSinceStart: number;
  eventAt: string;
  /** The status entry's id (a UUID), fresh for each notification sent. */
  statusId: string;
  /** When the notification is written (its Bundle's timestamp). */
  now: string;
  request: {
    referenceNumber: string;
    memberId: string;
    organizationNpi: string;
    /** The Claim identifiers the client sent (none for a request made in the portal). */
    claimIdentifiers: readonly Identifier[];
    /** Each line with the item.sequence its Claim gave it (the line number for a request made in the portal). */
    lines: readonly (Omit<DecidedLine, 'sequence'> & { itemSequence: number })[];
  };
}

export function notificationBundle(n: NotificationInput): object {
  const r = n.request;
  const response = pasResponseBundle({
    // The notification is a Bundle of its own; the Claim's identifiers are echoed as the client sent them,
    // and a request made in the portal (none sent) is named by its reference number.
    bundleIdentifier: { system: `${n.base}/NamingSystem/notification`, value: `${r.referenceNumber}-${n.eventNumber}` },
    claimIdentifiers: r.claimIdentifiers.length > 0 ? [...r.claimIdentifiers] : [{ system: `${n.base}/NamingSystem/reference-number`, value: r.referenceNumber }],
    referenceNumber: r.referenceNumber,
    base: n.base,
    claimReference: `Claim/${r.referenceNumber}`,
    patientReference: `Patient/${r.memberId}`,
    requestorReference: `Organization/${r.organizationNpi}`,
    created: n.eventAt,
    lines: r.lines.map((l) => ({ ...l, sequence: l.itemSequence })),
  });
  const responseId = `pas-${r.referenceNumber}-${n.eventNumber}`;
  const responseUrl = `${n.base}/Bundle/${responseId}`;
  const event = {
    name: 'notification-event',
    part: [
      { name: 'event-number', valueString: String(n.eventNumber) },
      { name: 'timestamp', valueInstant: n.eventAt },
      { name: 'focus', valueReference: { reference: responseUrl } },
    ],
  };
  return {
    resourceType: 'Bundle',
    type: 'history',
    timestamp: n.now,
    entry: [
      statusEntry({ ...n, status: 'active', type: 'event-notification' }, event),
      { fullUrl: responseUrl, resource: { ...response, id: responseId }, request: { method: 'GET', url: responseUrl }, response: { status: '200' } },
    ],
  };
}

/** What a handshake or heartbeat is about: the subscription alone (no event, no focus). */
export interface StatusNotificationInput {
  base: string;
  subscriptionId: string;
  /** handshake: the subscription is being set up (still requested, 0 events); heartbeat: it is active and nothing was sent for its period. */
  type: 'handshake' | 'heartbeat';
  eventsSinceStart: number;
  statusId: string;
  now: string;
}

/** A handshake or heartbeat: a history Bundle with the subscription status only (Backport STU1.1, notifications.html). */
export function statusNotificationBundle(n: StatusNotificationInput): object {
  return {
    resourceType: 'Bundle',
    type: 'history',
    timestamp: n.now,
    entry: [statusEntry({ ...n, status: n.type === 'handshake' ? 'requested' : 'active', eventsSinceStart: n.type === 'handshake' ? 0 : n.eventsSinceStart })],
  };
}

/** The SubscriptionStatus (a Parameters resource in R4) every notification opens with, and the event it carries if any. */
function statusEntry(s: { base: string; subscriptionId: string; statusId: string; status: string; type: string; eventsSinceStart: number }, event?: object): object {
  return {
    fullUrl: `urn:uuid:${s.statusId}`,
    resource: {
      resourceType: 'Parameters',
      parameter: [
        { name: 'subscription', valueReference: { reference: `${s.base}/Subscription/${s.subscriptionId}` } },
        { name: 'topic', valueCanonical: PAS_SUBSCRIPTION_TOPIC },
        { name: 'status', valueCode: s.status },
        { name: 'type', valueCode: s.type },
        { name: 'events-since-subscription-start', valueString: String(s.eventsSinceStart) },
        ...(event ? [event] : []),
      ],
    },
    request: { method: 'GET', url: `${s.base}/Subscription/${s.subscriptionId}/$status` },
    response: { status: '200' },
  };
}
