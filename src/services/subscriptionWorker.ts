import crypto from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Db } from '../db/database';
import { claimDueNotifications, holdUntilHandshake, markNotificationDropped, markNotificationFailed, markNotificationSent, notificationTarget, notifiedRequest, queueDueHeartbeats, type ClaimedNotification, type NotificationTarget } from '../db/repositories/subscriptions';
import { nextAttemptAfterFailure, SEND_LEASE_MS } from '../domain/notices';
import { headerFields, MAX_NOTIFICATION_ATTEMPTS, NOTIFICATION_TIMEOUT_MS } from '../domain/subscriptions';
import { notificationBundle, statusNotificationBundle } from '../fhir/subscriptionResources';
import { endpointHost, type AllowedHosts } from '../domain/endpointAddresses';
import { checkedLookup, EndpointRefused, ipAddressRefusal, type HostResolver } from './endpointLookup';
import { startQueueWorker, type QueueWorker } from './queueWorker';

/** POSTs a notification and answers the HTTP status; throws when there is no answer (refused, timed out). */
export type NotificationPost = (endpoint: string, headers: Record<string, string>, body: string) => Promise<number>;

/**
 * The rest-hook: a POST of the notification Bundle as application/fhir+json with the channel's headers,
 * to public addresses only unless the plan allows the host (SUBSCRIPTION_ALLOWED_HOSTS): an IP literal
 * is checked before, a name when the connection is made (checkedLookup), so a name that changed its
 * address since the Subscription was made cannot send the portal into its own network. Redirects are
 * not followed (http.request never does): the EHR's credentials go to the endpoint it named and nowhere else.
 */
export function restHookPost(allowed: AllowedHosts, resolve?: HostResolver): NotificationPost {
  return (endpoint, headers, body) =>
    new Promise<number>((answered, failed) => {
      const url = new URL(endpoint);
      const refused = ipAddressRefusal(endpointHost(endpoint), allowed);
      if (refused) return failed(new EndpointRefused(refused));
      const signal = AbortSignal.timeout(NOTIFICATION_TIMEOUT_MS);
      const send = url.protocol === 'https:' ? https.request : http.request;
      // A connection of its own (agent: false): each one is made through the checked lookup.
      const req = send(url, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/fhir+json', 'Content-Length': String(Buffer.byteLength(body)) }, lookup: checkedLookup(allowed, resolve), agent: false, signal }, (res) => {
        // Only the status matters: the answer's body is not read (an endpoint could send without end).
        answered(res.statusCode ?? 0);
        res.destroy();
      });
      req.on('error', (err) => failed(signal.aborted ? Object.assign(new Error('timed out'), { name: 'TimeoutError' }) : err));
      req.end(body);
    });
}

export interface DeliveryOutcome {
  sent: number;
  failed: number;
}

/**
 * Delivers the notifications due at `now`: first queues the heartbeats due (queueDueHeartbeats), then
 * claims them (a compare-and-set each, so two processes never send one twice), writes each Bundle from
 * the request as it now stands, POSTs it, and marks it sent on
 * a 2xx; anything else (an error status, a refused connection, a timeout) is tried again with back-off,
 * and after MAX_NOTIFICATION_ATTEMPTS the subscription is put in error. An endpoint whose address the
 * portal will not send to (restHookPost) is not tried again: the subscription is put in error at once.
 * `post` is restHookPost with the plan's allowed hosts (there is no default, so no caller forgets them).
 * Handshakes (Backport STU1.1) go first in a round, so events that waited for one go in the same round
 * once it is delivered; an event of a subscription still requested is held, not counted as an attempt.
 */
export async function deliverDueNotifications(db: Db, base: string, now: Date, post: NotificationPost, batch = 20): Promise<DeliveryOutcome> {
  const outcome: DeliveryOutcome = { sent: 0, failed: 0 };
  await queueDueHeartbeats(db, now);
  const claimed = await claimDueNotifications(db, now, new Date(now.getTime() + SEND_LEASE_MS), batch);
  const handshakesFirst = [...claimed.filter((n) => n.kind === 'handshake'), ...claimed.filter((n) => n.kind !== 'handshake')];
  for (const n of handshakesFirst) {
    // Deleted meanwhile (its notifications went with it), or put in error by another of its notifications giving up: none sent.
    const target = await notificationTarget(db, n.subscriptionId);
    if (!target) continue;
    if (n.kind !== 'handshake' && target.status === 'requested') {
      await holdUntilHandshake(db, n, now);
      continue;
    }
    if (target.status !== (n.kind === 'handshake' ? 'requested' : 'active')) {
      await markNotificationDropped(db, n, `Not sent: the subscription's status is ${target.status}`);
      outcome.failed++;
      continue;
    }
    const bundle = await bundleFor(db, base, n, target, now);
    // A request removed meanwhile takes its notifications with it (ON DELETE CASCADE): none to send.
    if (!bundle) continue;
    let problem: string;
    let retryAt: Date | undefined;
    try {
      const status = await post(target.endpoint, headerFields(target.headers), JSON.stringify(bundle));
      if (status >= 200 && status < 300) {
        await markNotificationSent(db, n, now);
        outcome.sent++;
        continue;
      }
      problem = `The endpoint answered HTTP ${status}`;
      retryAt = nextAttemptAfterFailure(n.attempts, now, MAX_NOTIFICATION_ATTEMPTS);
    } catch (err) {
      const e = err as Error & { code?: string; cause?: { code?: string } };
      if (err instanceof EndpointRefused) {
        // Refused by the rule: the same address would be refused at every attempt, so none is made.
        problem = `Not sent: ${e.message}`;
      } else {
        problem = e?.name === 'TimeoutError' ? 'The endpoint did not answer in time' : `The endpoint could not be reached: ${e?.code ?? e?.cause?.code ?? e?.message ?? String(err)}`;
        retryAt = nextAttemptAfterFailure(n.attempts, now, MAX_NOTIFICATION_ATTEMPTS);
      }
    }
    await markNotificationFailed(db, n, problem.slice(0, 500), retryAt);
    outcome.failed++;
  }
  return outcome;
}

/** The Bundle a claimed notification sends: an event with its request as it now stands, or a handshake or heartbeat. */
async function bundleFor(db: Db, base: string, n: ClaimedNotification, target: NotificationTarget, now: Date): Promise<object | undefined> {
  const common = { base, subscriptionId: n.subscriptionId, eventsSinceStart: target.eventsSinceStart, statusId: crypto.randomUUID(), now: now.toISOString() };
  if (n.kind !== 'event') return statusNotificationBundle({ ...common, type: n.kind });
  const request = n.requestId === null ? undefined : await notifiedRequest(db, n.requestId);
  return request && notificationBundle({ ...common, eventNumber: n.eventNumber, eventAt: n.eventAt, request });
}

/** Runs deliverDueNotifications every `everyMs` in this process, on the delivery workers' one timer. */
export function startSubscriptionWorker(db: Db, base: string, options: { everyMs: number; onError: (err: unknown) => void; clock?: () => Date; allowedHosts: AllowedHosts }): QueueWorker {
  const post = restHookPost(options.allowedHosts);
  return startQueueWorker((now) => deliverDueNotifications(db, base, now, post), options);
}
