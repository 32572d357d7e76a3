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

/** Records one audit entry for this HTTP request: the signed-in user (if any), their address, the request id. */
export async function audit(db: Db, req: Request, res: Response, action: AuditAction, details: AuditDetails = {}): Promise<void> {
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
