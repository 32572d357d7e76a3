import type { Knex } from 'knex';
import type { Db } from '../database';
import { insertedId } from '../results';
import { queueSubscriptionNotifications } from './subscriptions';
import { noticeRecipients, noticeSubject, type NoticeKind } from '../../domain/notices';

export interface NewNotice {
  /** The organization the request belongs to: the one told. */
  organizationId: number;
  requestId: number;
  kind: NoticeKind;
  /** ISO instant: the decision's time. */
  at: string;
}

/**
 * Raises a notice for an organization about one of its requests: the notice on its home page and an
 * e-mail in the outbox for the user who submitted the request (when they have an address) and for the
 * request's contact e-mail. Call it inside the transaction that records what the notice is about, so
 * that the notice exists exactly when that does. The e-mail says only that the reference has news.
 * The organization's API subscriptions (issue 15) get their notifications queued in the same way.
 */
export async function raiseNotice(trx: Knex | Knex.Transaction, notice: NewNotice): Promise<number> {
  const request = await trx('auth_requests as r')
    .leftJoin('users as u', 'u.id', 'r.submitted_by')
    .where({ 'r.id': notice.requestId, 'r.organization_id': notice.organizationId })
    .first('r.reference_number', 'r.contact_email', 'u.email', 'u.email_on_decisions');
  if (!request) throw new Error(`request ${notice.requestId} is not organization ${notice.organizationId}'s`);
  const noticeId = insertedId(
    await trx('notices').insert({ organization_id: notice.organizationId, request_id: notice.requestId, kind: notice.kind, created_at: notice.at }).returning('id'),
  );
  // The submitter is e-mailed unless they said no on Update My Account; the request's contact always is.
  const recipients = noticeRecipients(request.email_on_decisions === false || request.email_on_decisions === 0 ? null : request.email, request.contact_email);
  if (recipients.length > 0) {
    await trx('outbox').insert(
      recipients.map((to) => ({
        organization_id: notice.organizationId,
        notice_id: noticeId,
        reference_number: request.reference_number,
        to_address: to,
        subject: noticeSubject(request.reference_number),
        status: 'queued',
        attempts: 0,
        next_attempt_at: notice.at,
        created_at: notice.at,
      })),
    );
  }
  await queueSubscriptionNotifications(trx, { organizationId: notice.organizationId, requestId: notice.requestId, at: notice.at });
  return noticeId;
}

export interface NoticeListing {
  id: number;
  referenceNumber: string;
  kind: NoticeKind;
  createdAt: string;
  /** Whether this user has opened it. */
  read: boolean;
}

/** An organization's newest notices, each marked read or unread for the user. */
export async function listNotices(db: Db, organizationId: number, userId: number, limit: number): Promise<NoticeListing[]> {
  const rows = await db('notices as n')
    .join('auth_requests as r', 'r.id', 'n.request_id')
    .leftJoin('notice_reads as nr', (j) => j.on('nr.notice_id', 'n.id').andOn('nr.user_id', db.raw('?', [userId])))
    .where('n.organization_id', organizationId)
    .orderBy('n.id', 'desc')
    .limit(limit)
    .select('n.id', 'n.kind', 'n.created_at', 'r.reference_number', 'nr.read_at');
  return rows.map((r) => ({ id: r.id, referenceNumber: r.reference_number, kind: r.kind, createdAt: r.created_at, read: r.read_at != null }));
}

/** How many of the organization's notices the user has not opened. */
export async function countUnreadNotices(db: Db, organizationId: number, userId: number): Promise<number> {
  const row = await db('notices as n')
    .leftJoin('notice_reads as nr', (j) => j.on('nr.notice_id', 'n.id').andOn('nr.user_id', db.raw('?', [userId])))
    .where('n.organization_id', organizationId)
    .whereNull('nr.notice_id')
    .count<{ n: number | string }[]>({ n: '*' })
    .first();
  return Number(row?.n ?? 0);
}

/** A notice of the organization's: the reference it is about; undefined for another organization's. */
export async function findNotice(db: Db, organizationId: number, noticeId: number): Promise<{ referenceNumber: string } | undefined> {
  const row = await db('notices as n').join('auth_requests as r', 'r.id', 'n.request_id').where({ 'n.id': noticeId, 'n.organization_id': organizationId }).first('r.reference_number');
  return row ? { referenceNumber: row.reference_number } : undefined;
}

/** Marks a notice read by a user; opening it again keeps the first time. */
export async function markNoticeRead(db: Db, noticeId: number, userId: number, at: string): Promise<void> {
  await db('notice_reads').insert({ notice_id: noticeId, user_id: userId, read_at: at }).onConflict(['notice_id', 'user_id']).ignore();
}
