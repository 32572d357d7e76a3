import { Router, type NextFunction, type Request, type Response } from 'express';
import type { Db } from '../db/database';
import type { MailSettings } from '../config';
import { findOutboxMessage, listOutbox, type OutboxMessage } from '../db/repositories/outbox';
import { noticeEmail, OUTBOX_STATUS_NAMES } from '../domain/notices';
import { formatDateTime } from '../domain/dates';
import { textOf } from '../validation';
import { notFound } from '../middleware/errors';

const PAGE_SIZE = 50;

/**
 * Whose messages this user reads (issue 12): the plan administrator every organization's (undefined),
 * an organization's administrator their own; for anyone else the outbox does not exist (null: 404).
 */
function outboxScope(res: Response): number | undefined | null {
  const user = res.locals.user;
  if (user?.role === 'plan_admin') return undefined;
  if (user?.role === 'org_admin') return user.organizationId;
  return null;
}

function requireOutboxReader(req: Request, res: Response, next: NextFunction): void {
  if (outboxScope(res) !== null) return next();
  notFound(req, res);
}

function row(m: OutboxMessage) {
  return {
    href: `/outbox/${m.id}`,
    created: formatDateTime(m.createdAt),
    organization: m.organizationName,
    to: m.to,
    subject: m.subject,
    status: OUTBOX_STATUS_NAMES[m.status] ?? m.status,
    sent: m.sentAt ? formatDateTime(m.sentAt) : '',
    attempts: String(m.attempts),
    lastError: m.lastError ?? '',
  };
}

/**
 * What a message says, as its reader may see it. A set-password link is a password until used: only the
 * administrators of the user's own organization read it (to hand it over when no mail server is set),
 * and its text is not kept once sent.
 */
function messageText(message: OutboxMessage, readerOrganizationId: number | undefined, publicBaseUrl?: string): string {
  if (message.kind === 'notice') return noticeEmail(message.referenceNumber ?? '', publicBaseUrl).text;
  if (message.body === null) return 'This message held a one-time link to set a password. Its text is not kept once sent.';
  if (message.organizationId !== readerOrganizationId) return `This message holds a one-time link to set a password for a user of ${message.organizationName}. Only that organization's administrators read it.`;
  return message.body;
}

/** The e-mail queue, read-only: what was sent, what waits, what failed and why, what is kept. */
export function outboxRouter(db: Db, mail: Pick<MailSettings, 'smtpUrl' | 'publicBaseUrl'>): Router {
  const router = Router();
  router.get('/outbox', requireOutboxReader, async (req, res) => {
    const scope = outboxScope(res) ?? undefined;
    const page = Math.max(1, Math.min(100_000, Number.parseInt(textOf(req.query.page), 10) || 1));
    const found = await listOutbox(db, scope, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    res.render('outbox/index', {
      title: 'Outbox',
      allOrganizations: scope === undefined,
      organizationName: res.locals.user?.organizationName,
      mailServer: Boolean(mail.smtpUrl),
      rows: found.rows.map(row),
      showing: found.total ? `Showing ${(page - 1) * PAGE_SIZE + 1} to ${Math.min(page * PAGE_SIZE, found.total)} of ${found.total}` : '',
      previousHref: page > 1 ? `/outbox?page=${page - 1}` : undefined,
      nextHref: page * PAGE_SIZE < found.total ? `/outbox?page=${page + 1}` : undefined,
    });
  });

  router.get('/outbox/:id', requireOutboxReader, async (req, res) => {
    const id = String(req.params.id);
    const message = /^\d{1,9}$/.test(id) ? await findOutboxMessage(db, Number(id), outboxScope(res) ?? undefined) : undefined;
    if (!message) return notFound(req, res);
    res.render('outbox/message', { title: `Message ${message.id}`, message: row(message), text: messageText(message, res.locals.user?.organizationId, mail.publicBaseUrl) });
  });
  return router;
}
