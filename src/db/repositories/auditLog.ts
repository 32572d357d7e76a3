import type { Db } from '../database';

/** What is audited: every access to members' health information, and every sign-in event. */
export type AuditAction =
  | 'sign-in'
  | 'sign-in-failed'
  | 'sign-in-locked'
  | 'sign-out'
  | 'password-changed'
  | 'account-updated'
  | 'user-added'
  | 'user-role-changed'
  | 'user-deactivated'
  | 'user-reactivated'
  | 'user-unlocked'
  | 'set-password-link-sent'
  | 'password-link-requested'
  | 'password-set'
  | 'announcement-added'
  | 'announcement-changed'
  | 'announcement-ended'
  | 'provider-information-confirmed'
  | 'member-search'
  | 'request-started'
  | 'request-submitted'
  | 'request-cancelled'
  | 'notification-discarded'
  | 'request-viewed'
  | 'attachment-uploaded'
  | 'attachment-downloaded'
  | 'notification-submitted'
  | 'notification-viewed'
  | 'status-search'
  | 'review-queue-viewed'
  | 'request-assigned'
  | 'request-reviewed'
  | 'line-decided'
  | 'decision-discarded'
  | 'decision-letter-viewed'
  | 'member-notice-viewed'
  | 'information-sent'
  | 'reconsideration-requested'
  | 'plan-settings-changed'
  | 'request-withdrawn'
  | 'request-copied'
  | 'authorization-update-started'
  | 'authorization-update-submitted'
  | 'authorization-update-cancelled'
  | 'api-client-registered'
  | 'api-client-deactivated'
  | 'api-token-issued'
  | 'api-token-refused'
  | 'api-request-refused'
  | 'subscription-created'
  | 'subscription-read'
  | 'subscription-deleted'
  | 'request-inquired'
  | 'api-call-limited';

export interface AuditEntry {
  organizationId: number | null;
  userId: number | null;
  username: string | null;
  clientAddress: string;
  action: AuditAction;
  memberId?: number | null;
  referenceNumber?: string | null;
  /** A few words, never health information: "2 files", "by reference number". */
  detail?: string | null;
  requestId?: string | null;
}

export async function appendAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db('audit_log').insert({
    occurred_at: new Date().toISOString(),
    organization_id: entry.organizationId,
    user_id: entry.userId,
    username: entry.username,
    client_address: entry.clientAddress,
    action: entry.action,
    member_id: entry.memberId ?? null,
    reference_number: entry.referenceNumber ?? null,
    detail: entry.detail ?? null,
    request_id: entry.requestId ?? null,
  });
}

export interface AuditRow {
  occurredAt: string;
  username: string | null;
  clientAddress: string;
  action: string;
  memberId: string | null;
  memberName: string | null;
  referenceNumber: string | null;
  detail: string | null;
}

export interface AuditFilter {
  username?: string;
  memberId?: string;
  from?: string;
  to?: string;
}

/** An organization's entries, newest first; filters by username, member ID and dates (inclusive). */
export async function listAudit(db: Db, organizationId: number, filter: AuditFilter, page: { limit: number; offset: number }): Promise<{ rows: AuditRow[]; total: number }> {
  const query = db('audit_log as a').leftJoin('members as m', 'm.id', 'a.member_id').where('a.organization_id', organizationId);
  if (filter.username) query.where('a.username', filter.username.toLowerCase());
  if (filter.memberId) query.where('m.member_id', filter.memberId);
  if (filter.from) query.where('a.occurred_at', '>=', `${filter.from}T00:00:00`);
  if (filter.to) query.where('a.occurred_at', '<=', `${filter.to}T23:59:59.999Z`);
  const [count] = await query.clone().count<{ n: number }[]>({ n: '*' });
  const rows = await query
    .orderBy('a.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .select('a.*', 'm.member_id as m_member_id', 'm.first_name', 'm.last_name');
  return {
    total: Number(count?.n ?? 0),
    rows: rows.map((r) => ({
      occurredAt: r.occurred_at,
      username: r.username,
      clientAddress: r.client_address,
      action: r.action,
      memberId: r.m_member_id ?? null,
      memberName: r.first_name ? `${r.first_name} ${r.last_name}` : null,
      referenceNumber: r.reference_number,
      detail: r.detail,
    })),
  };
}
