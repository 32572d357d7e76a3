import nodemailer from 'nodemailer';
import type { Db } from '../db/database';
import type { MailSettings } from '../config';
import { claimDueMessages, keepQueuedMessages, markFailed, markSent } from '../db/repositories/outbox';
import { startQueueWorker, type QueueWorker } from './queueWorker';
import { nextAttemptAfterFailure, noticeEmail, SEND_LEASE_MS } from '../domain/notices';

/** Where messages go: nodemailer to SMTP_URL in the portal; a test may hand in its own. */
export interface MailTransport {
  send(message: { from: string; to: string; subject: string; text: string }): Promise<void>;
  close(): void;
}

/** nodemailer's SMTP transport, with timeouts well inside a claim's lease. */
export function smtpTransport(smtpUrl: string): MailTransport {
  const transporter = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  return {
    async send(message) {
      await transporter.sendMail(message);
    },
    close: () => transporter.close(),
  };
}

export interface Outcome {
  sent: number;
  failed: number;
  kept: number;
}

/**
 * Sends what is due now: claims due messages (a compare-and-set each, so no two workers send one
 * message), sends each, marks it sent, or on failure queues it again with back-off and the error.
 * Without a transport (no SMTP_URL), messages are kept in the outbox instead. The body is written here,
 * from the reference and the public address, so it never depends on who triggered the notice.
 */
export async function sendDueMail(db: Db, settings: Pick<MailSettings, 'from' | 'publicBaseUrl'>, transport: MailTransport | undefined, now: Date, batch = 20): Promise<Outcome> {
  if (!transport) return { sent: 0, failed: 0, kept: await keepQueuedMessages(db) };
  const outcome: Outcome = { sent: 0, failed: 0, kept: 0 };
  for (const message of await claimDueMessages(db, now, new Date(now.getTime() + SEND_LEASE_MS), batch)) {
    const { subject, text } = message.kind === 'notice' ? noticeEmail(message.referenceNumber ?? '', settings.publicBaseUrl) : { subject: message.subject, text: message.body ?? '' };
    try {
      await transport.send({ from: settings.from, to: message.to, subject, text });
      await markSent(db, message.id, message.attempts, now);
      outcome.sent++;
    } catch (err) {
      await markFailed(db, message.id, message.attempts, String((err as Error)?.message ?? err).slice(0, 500), nextAttemptAfterFailure(message.attempts, now));
      outcome.failed++;
    }
  }
  return outcome;
}

/**
 * Runs sendDueMail every `everyMs` in this portal process (each process runs one; the claims keep them
 * apart), on the delivery workers' one timer (queueWorker.ts).
 */
export function startMailWorker(db: Db, settings: MailSettings, options: { everyMs: number; onError: (err: unknown) => void; transport?: MailTransport }): QueueWorker {
  const transport = options.transport ?? (settings.smtpUrl ? smtpTransport(settings.smtpUrl) : undefined);
  return startQueueWorker((now) => sendDueMail(db, settings, transport, now), { everyMs: options.everyMs, onError: options.onError, onStop: () => transport?.close() });
}
