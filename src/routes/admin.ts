import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../db/database';
import { listAudit, type AuditFilter } from '../db/repositories/auditLog';
import { formatDateTime, parseDate } from '../domain/dates';
import { textOf, type FieldError } from '../validation';
import { notFound } from '../middleware/errors';

const PAGE_SIZE = 50;

const ACTION_LABELS: Record<string, string> = {
  'sign-in': 'Signed in',
  'sign-in-failed': 'Sign-in failed',
  'sign-in-locked': 'Sign-in refused: username locked',
  'sign-out': 'Signed out',
  'password-changed': 'Changed their password',
  'account-updated': 'Updated their account',
  'user-added': 'Added a user',
  'user-role-changed': "Changed a user's role",
  'user-deactivated': 'Deactivated a user',
  'user-reactivated': 'Reactivated a user',
  'user-unlocked': 'Unlocked a user',
  'set-password-link-sent': 'Sent a set-password link',
  'password-link-requested': 'Asked for a link to set a forgotten password',
  'password-set': 'Set a password from a link',
  'announcement-added': 'Added an announcement',
  'announcement-changed': 'Changed an announcement',
  'announcement-ended': 'Ended an announcement',
  'provider-information-confirmed': 'Confirmed the provider information',
  'member-search': 'Looked up a member',
  'request-started': 'Started a request',
  'request-submitted': 'Submitted a request',
  'request-cancelled': 'Cancelled a request',
  'notification-discarded': 'Discarded a newborn notification in progress',
  'request-viewed': 'Viewed a request',
  'attachment-uploaded': 'Uploaded attachments',
  'attachment-downloaded': 'Downloaded an attachment',
  'notification-submitted': 'Submitted a newborn notification',
  'notification-viewed': 'Viewed a newborn notification',
  'status-search': 'Searched the Status tab',
  'review-queue-viewed': 'Viewed the review queue',
  'request-assigned': 'Assigned a request for review',
  'request-reviewed': 'Opened a request for review',
  'line-decided': 'Decided a line of a request',
  'decision-discarded': 'Discarded a decision in progress',
  'decision-letter-viewed': 'Opened a decision letter',
  'member-notice-viewed': "Opened a member's notice of a decision",
  'plan-settings-changed': 'Changed the plan settings',
};

/**
 * Organization administrators, and the plan administrator (whose organization is the plan, so the same
 * page shows the plan staff's entries: who opened which request, the decisions); for anyone else the
 * page does not exist.
 */
function requireOrgAdmin(req: Request, res: Response, next: NextFunction): void {
  if (res.locals.user?.role === 'org_admin' || res.locals.user?.role === 'plan_admin') return next();
  notFound(req, res);
}

/** The organization's audit log, read-only: nothing in the portal can change or remove an entry. */
export function adminRouter(db: Db): Router {
  const router = Router();
  router.get('/admin/audit', requireOrgAdmin, async (req, res) => {
    const user = res.locals.user!; // requireOrgAdmin guarantees it
    const values = Object.fromEntries(['username', 'memberId', 'from', 'to'].map((k) => [k, textOf(req.query[k]).trim().slice(0, 100)]));
    const errors: FieldError[] = [];
    const filter: AuditFilter = { username: values.username || undefined, memberId: values.memberId || undefined };
    for (const key of ['from', 'to'] as const) {
      if (!values[key]) continue;
      const iso = parseDate(values[key] ?? '');
      if (iso) filter[key] = iso;
      else errors.push({ field: key, message: `Enter the ${key === 'from' ? 'from' : 'to'} date as a real date, like 03/25/2026` });
    }
    const page = Math.max(1, Math.min(100_000, Number.parseInt(textOf(req.query.page), 10) || 1));
    const found = errors.length ? { rows: [], total: 0 } : await listAudit(db, user.organizationId, filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const params = new URLSearchParams(Object.entries(values).filter(([, v]) => v) as [string, string][]);
    res.status(errors.length ? 422 : 200).render('admin/audit', {
      title: `${errors.length ? 'Error: ' : ''}Audit log`,
      errors,
      values,
      organizationName: user.organizationName,
      planStaff: user.role === 'plan_admin',
      rows: found.rows.map((r) => ({
        when: formatDateTime(r.occurredAt),
        user: r.username ?? '',
        from: r.clientAddress,
        what: ACTION_LABELS[r.action] ?? r.action,
        member: r.memberName ? `${r.memberName} (${r.memberId})` : '',
        reference: r.referenceNumber ?? '',
        detail: r.detail ?? '',
      })),
      showing: found.total ? `Showing ${(page - 1) * PAGE_SIZE + 1} to ${Math.min(page * PAGE_SIZE, found.total)} of ${found.total}` : '',
      previousHref: page > 1 ? `/admin/audit?${params.toString()}&page=${page - 1}` : undefined,
      nextHref: page * PAGE_SIZE < found.total ? `/admin/audit?${params.toString()}&page=${page + 1}` : undefined,
    });
  });
  return router;
}
