import type { Request, Response } from 'express';
import type { Db } from '../db/database';
import { appendAudit, type AuditAction } from '../db/repositories/auditLog';

export interface AuditDetails {
  memberId?: number | null;
  referenceNumber?: string | null;
  detail?: string | null;
  /** For sign-in events, before anyone is signed in. */
  username?: string;
  organizationId?: number | null;
  userId?: number | null;
}

/**
 * The actions recorded just before a page shows a member's health information. Such a page is shown
 * only once its entry is written (HIPAA Security Rule, audit controls, 45 CFR 164.312(b)): when the
 * entry cannot be written, audit() throws AuditNotRecorded and the page is refused with a message
 * that says why, never shown unaudited.
 */
const SHOWS_HEALTH_INFORMATION: ReadonlySet<AuditAction> = new Set<AuditAction>([
  'member-search',
  'request-viewed',
  'attachment-downloaded',
  'notification-viewed',
  'status-search',
  'review-queue-viewed',
  'request-reviewed',
  'decision-letter-viewed',
  'member-notice-viewed',
]);

/** The audit entry for a page showing health information could not be written; `cause` says why. */
export class AuditNotRecorded extends Error {
  constructor(
    readonly action: AuditAction,
    cause: unknown,
  ) {
    super(`The audit entry "${action}" could not be written`, { cause });
  }
}

/**
 * Records one audit entry for this HTTP request: the signed-in user (if any), their address, the
 * request id. Callers record a view before they render it, so a failure here stops the page.
 */
export async function audit(db: Db, req: Request, res: Response, action: AuditAction, details: AuditDetails = {}): Promise<void> {
  try {
    await appendEntry(db, req, res, action, details);
  } catch (err) {
    throw SHOWS_HEALTH_INFORMATION.has(action) ? new AuditNotRecorded(action, err) : err;
  }
}

async function appendEntry(db: Db, req: Request, res: Response, action: AuditAction, details: AuditDetails): Promise<void> {
  const user = res.locals.user;
  await appendAudit(db, {
    organizationId: details.organizationId ?? user?.organizationId ?? null,
    userId: details.userId ?? user?.id ?? null,
    username: details.username ?? user?.username ?? null,
    clientAddress: req.ip ?? '',
    action,
    memberId: details.memberId,
    referenceNumber: details.referenceNumber,
    detail: details.detail,
    requestId: typeof req.id === 'string' ? req.id : null,
  });
}
