import type { Db } from '../database';
import type { OutboxStatus } from '../../domain/notices';
import { claimDue, markAttemptFailed, markDelivered } from './deliveryQueue';

/** A message the worker has claimed and now sends. */
export interface ClaimedMessage {
  id: number;
  to: string;
  subject: string;
  referenceNumber: string | null;
  /** notice: written from the reference when sent; set-password: its text is `body`. */
  kind: string;
  body: string | null;
  /** Attempts including this one. */
  attempts: number;
}

/**
 * Claims up to `limit` messages due at `now` for this worker (deliveryQueue.ts: a compare-and-set each,
 * so of several processes only one claims a message; a lease until `leaseUntil`).
 */
export async function claimDueMessages(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedMessage[]> {
  const rows = await claimDue<Record<string, string | null>>(db, 'outbox', ['to_address', 'subject', 'reference_number', 'kind', 'body'], now, leaseUntil, limit);
  return rows.map((m) => ({ id: m.id, to: String(m.to_address), subject: String(m.subject), referenceNumber: m.reference_number ?? null, kind: String(m.kind), body: m.body ?? null, attempts: m.attempts }));
}

/** The claimed message was handed to the mail server. */
export async function markSent(db: Db, id: number, attempts: number, now: Date): Promise<void> {
  // A set-password link is a password until used: once handed to the mail server, its text is not kept.
  await markDelivered(db, 'outbox', id, attempts, now, { body: db.raw("CASE WHEN kind = 'set-password' THEN NULL ELSE body END") });
}

/** A message that is not a request's notice (a set-password link), queued with its text. */
export async function queueMessage(db: Db, m: { userId: number; to: string; subject: string; body: string; kind: 'set-password'; at: Date }): Promise<void> {
  // The user's organization's: its administrators read it in the outbox when no mail server is set.
  const user = await db('users').where({ id: m.userId }).first('organization_id');
  if (!user) throw new Error(`no user ${m.userId}`);
  await db('outbox').insert({ organization_id: user.organization_id, reference_number: null, to_address: m.to, subject: m.subject, body: m.body, kind: m.kind, status: 'queued', attempts: 0, next_attempt_at: m.at.toISOString(), created_at: m.at.toISOString() });
}

/** The claimed message failed: queued again for `retryAt`, or given up (failed) when there is none. */
export async function markFailed(db: Db, id: number, attempts: number, error: string, retryAt: Date | undefined): Promise<void> {
  await markAttemptFailed(db, 'outbox', id, attempts, error, retryAt);
}

/** Without a mail server, messages waiting to be sent are kept in the outbox, where administrators read them. */
export async function keepQueuedMessages(db: Db): Promise<number> {
  return db('outbox').where({ status: 'queued' }).update({ status: 'kept' });
}

export interface OutboxMessage {
  id: number;
  organizationId: number;
  referenceNumber: string | null;
  kind: string;
  body: string | null;
  organizationName: string;
  to: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

const columns = ['o.id', 'o.organization_id', 'o.kind', 'o.body', 'o.reference_number', 'g.name as organization_name', 'o.to_address', 'o.subject', 'o.status', 'o.attempts', 'o.last_error', 'o.created_at', 'o.sent_at'];

function toMessage(r: Record<string, unknown>): OutboxMessage {
  return {
    id: Number(r.id),
    organizationId: Number(r.organization_id),
    referenceNumber: (r.reference_number as string | null) ?? null,
    kind: String(r.kind),
    body: (r.body as string | null) ?? null,
    organizationName: String(r.organization_name),
    to: String(r.to_address),
    subject: String(r.subject),
    status: r.status as OutboxStatus,
    attempts: Number(r.attempts),
    lastError: (r.last_error as string | null) ?? null,
    createdAt: String(r.created_at),
    sentAt: (r.sent_at as string | null) ?? null,
  };
}

/** The outbox, newest first: every organization's (organizationId undefined, the plan's view) or one's. */
export async function listOutbox(db: Db, organizationId: number | undefined, page: { limit: number; offset: number }): Promise<{ rows: OutboxMessage[]; total: number }> {
  const scoped = () => {
    const q = db('outbox as o').join('organizations as g', 'g.id', 'o.organization_id');
    return organizationId === undefined ? q : q.where('o.organization_id', organizationId);
  };
  const total = await scoped().count<{ n: number | string }[]>({ n: '*' }).first();
  const rows = await scoped().orderBy('o.id', 'desc').limit(page.limit).offset(page.offset).select(columns);
  return { rows: rows.map(toMessage), total: Number(total?.n ?? 0) };
}

/** One message: any (organizationId undefined) or, for an organization, only its own. */
export async function findOutboxMessage(db: Db, id: number, organizationId: number | undefined): Promise<OutboxMessage | undefined> {
  const q = db('outbox as o').join('organizations as g', 'g.id', 'o.organization_id').where('o.id', id);
  const row = await (organizationId === undefined ? q : q.where('o.organization_id', organizationId)).first(columns);
  return row ? toMessage(row) : undefined;
}
