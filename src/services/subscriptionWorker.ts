import crypto from 'node:crypto';
import type { Db } from '../db/database';
import { claimDueNotifications, markNotificationDropped, markNotificationFailed, markNotificationSent, notificationTarget, notifiedRequest } from '../db/repositories/subscriptions';
import { nextAttemptAfterFailure, SEND_LEASE_MS } from '../domain/notices';
import { headerFields, MAX_NOTIFICATION_ATTEMPTS, NOTIFICATION_TIMEOUT_MS } from '../domain/subscriptions';
import { notificationBundle } from '../fhir/subscriptionResources';
import { startQueueWorker, type QueueWorker } from './queueWorker';

/** POSTs a notification and answers the HTTP status; throws when there is no answer (refused, timed out). */
export type NotificationPost = (endpoint: string, headers: Record<string, string>, body: string) => Promise<number>;

/**
 * The rest-hook: a POST of the notification Bundle as application/fhir+json with the channel's headers.
 * Redirects are not followed: the EHR's credentials go to the endpoint it named and nowhere else.
 */
export const restHookPost: NotificationPost = async (endpoint, headers, body) => {
  const res = await fetch(endpoint, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/fhir+json' }, body, redirect: 'manual', signal: AbortSignal.timeout(NOTIFICATION_TIMEOUT_MS) });
  // Only the status matters: the answer's body is not read (an endpoint could send without end).
  await res.body?.cancel().catch(() => undefined);
  return res.status;
};

export interface DeliveryOutcome {
  sent: number;
  failed: number;
}

/**
 * Delivers the notifications due at `now`: claims them (a compare-and-set each, so two processes never
 * send one twice), writes each Bundle from the request as it now stands, POSTs it, and marks it sent on
 * a 2xx; anything else (an error status, a refused connection, a timeout) is tried again with back-off,
 * and after MAX_NOTIFICATION_ATTEMPTS the subscription is put in error.
 */
export async function deliverDueNotifications(db: Db, base: string, now: Date, post: NotificationPost = restHookPost, batch = 20): Promise<DeliveryOutcome> {
  const outcome: DeliveryOutcome = { sent: 0, failed: 0 };
  for (const n of await claimDueNotifications(db, now, new Date(now.getTime() + SEND_LEASE_MS), batch)) {
    // Deleted meanwhile (its notifications went with it), or put in error by another of its notifications giving up: none sent.
    const target = await notificationTarget(db, n.subscriptionId);
    if (!target) continue;
    if (target.status !== 'active') {
      await markNotificationDropped(db, n, `Not sent: the subscription's status is ${target.status}`);
      outcome.failed++;
      continue;
    }
    // A request removed meanwhile takes its notifications with it (ON DELETE CASCADE): none to send.
    const request = await notifiedRequest(db, n.requestId);
    if (!request) continue;
    const bundle = notificationBundle({ base, subscriptionId: n.subscriptionId, eventNumber: n.eventNumber, eventsSinceStart: target.eventsSinceStart, eventAt: n.eventAt, statusId: crypto.randomUUID(), now: now.toISOString(), request });
    let problem: string;
    try {
      const status = await post(target.endpoint, headerFields(target.headers), JSON.stringify(bundle));
      if (status >= 200 && status < 300) {
        await markNotificationSent(db, n, now);
        outcome.sent++;
        continue;
      }
      problem = `The endpoint answered HTTP ${status}`;
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      problem = e?.name === 'TimeoutError' ? 'The endpoint did not answer in time' : `The endpoint could not be reached: ${e?.cause?.code ?? e?.message ?? String(err)}`;
    }
    await markNotificationFailed(db, n, problem.slice(0, 500), nextAttemptAfterFailure(n.attempts, now, MAX_NOTIFICATION_ATTEMPTS));
    outcome.failed++;
  }
  return outcome;
}

/** Runs deliverDueNotifications every `everyMs` in this process, on the delivery workers' one timer. */
export function startSubscriptionWorker(db: Db, base: string, options: { everyMs: number; onError: (err: unknown) => void; clock?: () => Date; post?: NotificationPost }): QueueWorker {
  return startQueueWorker((now) => deliverDueNotifications(db, base, now, options.post), options);
}
