import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from '../database';
import type { NewSubscription } from '../../domain/subscriptions';
import { PAS_SUBSCRIPTION_TOPIC } from '../../domain/subscriptions';
import { apiClaimIdentifiers, apiSubmittedLines, type Identifier, type SubmittedLine } from './apiSubmissions';

import { claimDue, markAttemptFailed, markDelivered } from './deliveryQueue';

/** Subscriptions of API clients (issue 15) and their notifications' delivery queue. */

/** requested: made, its handshake not yet delivered; active: notified; error: a notification was given up; off: ended. */
export type SubscriptionStatus = 'requested' | 'active' | 'error' | 'off';

export interface SubscriptionRecord extends Omit<NewSubscription, 'organizationNpi'> {
  id: string;
  organizationId: number;
  apiClientId: number;
  status: SubscriptionStatus;
  topic: string;
  eventsSinceStart: number;
  lastError: string | null;
  createdAt: string;
}

function toRecord(r: Record<string, unknown>): SubscriptionRecord {
  return {
    id: String(r.id),
    organizationId: Number(r.organization_id),
    apiClientId: Number(r.api_client_id),
    status: r.status as SubscriptionStatus,
    reason: String(r.reason),
    topic: String(r.topic),
    filterCriteria: String(r.filter_criteria),
    endpoint: String(r.endpoint),
    headers: JSON.parse(String(r.headers)) as string[],
    end: (r.end_at as string | null) ?? null,
    heartbeatPeriod: r.heartbeat_period === null || r.heartbeat_period === undefined ? null : Number(r.heartbeat_period),
    eventsSinceStart: Number(r.events_since_start),
    lastError: (r.last_error as string | null) ?? null,
    createdAt: String(r.created_at),
  };
}

/**
 * A new subscription of the client's organization: requested, with its handshake queued in the same
 * transaction (the Backport's handshake: it becomes active when the endpoint answers the handshake 2xx).
 */
export async function insertSubscription(db: Db, s: NewSubscription & { organizationId: number; apiClientId: number; at: Date }): Promise<SubscriptionRecord> {
  const id = crypto.randomUUID();
  const at = s.at.toISOString();
  await db.transaction(async (trx) => {
    await trx('subscriptions').insert({
      id,
      organization_id: s.organizationId,
      api_client_id: s.apiClientId,
      status: 'requested',
      reason: s.reason,
      topic: PAS_SUBSCRIPTION_TOPIC,
      filter_criteria: s.filterCriteria,
      endpoint: s.endpoint,
      headers: JSON.stringify(s.headers),
      end_at: s.end,
      heartbeat_period: s.heartbeatPeriod,
      events_since_start: 0,
      created_at: at,
    });
    await trx('subscription_notifications').insert(queuedRow(id, 'handshake', null, 0, at));
  });
  const made = await findSubscription(db, s.organizationId, id);
  if (!made) throw new Error(`subscription ${id} was not kept`);
  return made;
}

/** Subscriptions an organization may hold at once: each decision is POSTed once per subscription. */
export const MAX_SUBSCRIPTIONS_PER_ORGANIZATION = 10;

export async function countSubscriptions(db: Db, organizationId: number): Promise<number> {
  const row = await db('subscriptions').where({ organization_id: organizationId }).count<{ n: number | string }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** One of the organization's subscriptions; undefined for another organization's (or none). */
export async function findSubscription(db: Db, organizationId: number, id: string): Promise<SubscriptionRecord | undefined> {
  const row = await db('subscriptions').where({ id, organization_id: organizationId }).first();
  return row ? toRecord(row) : undefined;
}

/** Deletes one of the organization's subscriptions, and its notifications not yet sent; false when it has none of that id. */
export async function deleteSubscription(db: Db, organizationId: number, id: string): Promise<boolean> {
  return db.transaction(async (trx) => {
    const owned = await trx('subscriptions').where({ id, organization_id: organizationId }).first('id');
    if (!owned) return false;
    await trx('subscription_notifications').where({ subscription_id: id }).delete();
    await trx('subscriptions').where({ id }).delete();
    return true;
  });
}

export type NotificationKind = 'event' | 'handshake' | 'heartbeat';

function queuedRow(subscriptionId: string, kind: NotificationKind, requestId: number | null, eventNumber: number, at: string): Record<string, unknown> {
  return { subscription_id: subscriptionId, kind, request_id: requestId, event_number: eventNumber, event_at: at, status: 'queued', attempts: 0, next_attempt_at: at, created_at: at };
}

/**
 * Queues a notification for each requested or active subscription of the organization about one of its requests,
 * each with the subscription's next event number. Call it inside the transaction that records what
 * the notification is about (raiseNotice does), so a notification exists exactly when that does.
 * A requested subscription's events wait in the queue until its handshake is delivered (the worker holds them).
 */
export async function queueSubscriptionNotifications(trx: Knex | Knex.Transaction, event: { organizationId: number; requestId: number; at: string }): Promise<void> {
  // Only a client still active is told: deactivating it (API clients page) ends its subscriptions too.
  const subscriptions = await trx('subscriptions as s')
    .join('api_clients as c', 'c.id', 's.api_client_id')
    .where({ 's.organization_id': event.organizationId, 'c.active': true })
    .whereIn('s.status', ['requested', 'active'])
    .where((q) => q.whereNull('s.end_at').orWhere('s.end_at', '>', event.at))
    .orderBy('s.id')
    .pluck('s.id');
  for (const id of subscriptions) {
    // Counted in the row itself (a row lock on PostgreSQL until the transaction ends), so two decisions at once never share a number.
    await trx('subscriptions').where({ id }).increment('events_since_start', 1);
    const row = await trx('subscriptions').where({ id }).first('events_since_start');
    await trx('subscription_notifications').insert(queuedRow(id, 'event', event.requestId, Number(row?.events_since_start), event.at));
  }
}

/** A notification a worker has claimed. */
export interface ClaimedNotification {
  id: number;
  attempts: number;
  subscriptionId: string;
  kind: NotificationKind;
  /** The request an event is about; null for a handshake or heartbeat. */
  requestId: number | null;
  eventNumber: number;
  eventAt: string;
}

/** Claims notifications due at `now` (deliveryQueue.ts: a compare-and-set each, a lease until `leaseUntil`). */
export async function claimDueNotifications(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedNotification[]> {
  const rows = await claimDue<Record<string, unknown>>(db, 'subscription_notifications', ['subscription_id', 'kind', 'request_id', 'event_number', 'event_at'], now, leaseUntil, limit);
  return rows.map((r) => ({ id: r.id, attempts: r.attempts, subscriptionId: String(r.subscription_id), kind: r.kind as NotificationKind, requestId: r.request_id === null ? null : Number(r.request_id), eventNumber: Number(r.event_number), eventAt: String(r.event_at) }));
}

/** Where a notification goes, read just before it is sent; undefined once the subscription is deleted. */
export interface NotificationTarget {
  status: SubscriptionStatus;
  endpoint: string;
  headers: string[];
  eventsSinceStart: number;
}

export async function notificationTarget(db: Db, subscriptionId: string): Promise<NotificationTarget | undefined> {
  const s = await db('subscriptions as s').join('api_clients as c', 'c.id', 's.api_client_id').where('s.id', subscriptionId).first('s.status', 's.endpoint', 's.headers', 's.events_since_start', 'c.active');
  // A deactivated client's subscriptions are off: what was queued for it is not sent.
  const off = s && (s.active === false || s.active === 0);
  return s ? { status: off ? 'off' : s.status, endpoint: String(s.endpoint), headers: JSON.parse(String(s.headers)) as string[], eventsSinceStart: Number(s.events_since_start) } : undefined;
}

/** Delivered: the subscription was notified now (its heartbeat counts from here), and a delivered handshake makes it active. */
export async function markNotificationSent(db: Db, n: ClaimedNotification, now: Date): Promise<void> {
  if (!(await markDelivered(db, 'subscription_notifications', n.id, n.attempts, now))) return;
  await db('subscriptions').where({ id: n.subscriptionId }).update({ last_notified_at: now.toISOString() });
  if (n.kind === 'handshake') await db('subscriptions').where({ id: n.subscriptionId, status: 'requested' }).update({ status: 'active', last_error: null });
}

/**
 * An event claimed while its subscription is still requested: queued again, its attempt not counted,
 * due when the subscription's handshake is next tried (so the handshake, older, is taken first).
 */
export async function holdUntilHandshake(db: Db, n: ClaimedNotification, now: Date): Promise<void> {
  const handshake = await db('subscription_notifications').where({ subscription_id: n.subscriptionId, kind: 'handshake' }).whereIn('status', ['queued', 'sending']).first('next_attempt_at');
  const at = handshake && String(handshake.next_attempt_at) > now.toISOString() ? String(handshake.next_attempt_at) : now.toISOString();
  await db('subscription_notifications').where({ id: n.id, attempts: n.attempts, status: 'sending' }).update({ status: 'queued', attempts: n.attempts - 1, next_attempt_at: at });
}

/**
 * Queues a heartbeat for each active subscription with a heartbeat period that has been sent nothing
 * for that long and has nothing waiting to be sent. Each is queued by a compare-and-set on
 * last_notified_at, so of several processes only one queues it.
 */
export async function queueDueHeartbeats(db: Db, now: Date): Promise<number> {
  const at = now.toISOString();
  const candidates = await db('subscriptions as s')
    .join('api_clients as c', 'c.id', 's.api_client_id')
    .where({ 's.status': 'active', 'c.active': true })
    .whereNotNull('s.heartbeat_period')
    .whereNotNull('s.last_notified_at')
    .where((q) => q.whereNull('s.end_at').orWhere('s.end_at', '>', at))
    .whereNotExists((q) => q.select(db.raw('1')).from('subscription_notifications as n').whereRaw('n.subscription_id = s.id').whereIn('n.status', ['queued', 'sending']))
    .orderBy('s.id')
    .select('s.id', 's.heartbeat_period', 's.last_notified_at');
  let queued = 0;
  for (const s of candidates) {
    const last = String(s.last_notified_at);
    if (new Date(last).getTime() + Number(s.heartbeat_period) * 1000 > now.getTime()) continue;
    await db.transaction(async (trx) => {
      const taken = await trx('subscriptions').where({ id: s.id, last_notified_at: last }).update({ last_notified_at: at });
      if (taken !== 1) return;
      await trx('subscription_notifications').insert(queuedRow(String(s.id), 'heartbeat', null, 0, at));
      queued++;
    });
  }
  return queued;
}

/**
 * The notification's POST failed: tried again at `retryAt`, or, with none, given up and its
 * subscription put in error (the Backport's status: the EHR reads it and subscribes again).
 */
export async function markNotificationFailed(db: Db, n: ClaimedNotification, error: string, retryAt: Date | undefined): Promise<void> {
  const held = await markAttemptFailed(db, 'subscription_notifications', n.id, n.attempts, error, retryAt);
  const what = n.kind === 'event' ? `Notification ${n.eventNumber}` : n.kind === 'handshake' ? 'Handshake' : 'Heartbeat';
  if (held && !retryAt) await db('subscriptions').where({ id: n.subscriptionId }).update({ status: 'error', last_error: `${what} not delivered after ${n.attempts} attempt${n.attempts === 1 ? '' : 's'}: ${error}` });
}

/** A claimed notification that is not to be sent (its subscription is no longer active): failed, with why. */
export async function markNotificationDropped(db: Db, n: ClaimedNotification, why: string): Promise<void> {
  await markAttemptFailed(db, 'subscription_notifications', n.id, n.attempts, why, undefined);
}

/** What a notification's ClaimResponse is built from: the request as it now stands. */
export interface NotifiedRequest {
  referenceNumber: string;
  memberId: string;
  organizationNpi: string;
  /** The Claim identifiers the request was submitted with through the API (none for a request made in the portal). */
  claimIdentifiers: Identifier[];
  lines: SubmittedLine[];
}

export async function notifiedRequest(db: Db, requestId: number): Promise<NotifiedRequest | undefined> {
  const row = await db('auth_requests as r')
    .join('members as m', 'm.id', 'r.member_id')
    .join('organizations as o', 'o.id', 'r.organization_id')
    .where('r.id', requestId)
    .first('r.reference_number', 'm.member_id', 'o.npi');
  if (!row) return undefined;
  return {
    referenceNumber: row.reference_number,
    memberId: row.member_id,
    organizationNpi: row.npi ?? '',
    claimIdentifiers: await apiClaimIdentifiers(db, requestId),
    lines: await apiSubmittedLines(db, row.reference_number),
  };
}
