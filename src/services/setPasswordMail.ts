import type { Db } from '../db/database';
import type { MailSettings } from '../config';
import { queueMessage } from '../db/repositories/outbox';
import { setPasswordEmail } from '../domain/setPasswordLinks';
import { formatInTimeZone } from '../domain/reviewClock';
import type { SetPasswordLinkDelivery } from './setPasswordLinks';

/**
 * Set-password links go the way notices go (issue 13): queued in the outbox, sent by the mail worker
 * through SMTP_URL, or kept in the outbox for the organization's administrators when no mail server is
 * set. The address is built from PUBLIC_BASE_URL, never from the request's Host header. Queueing is one
 * insert, so a forgotten-password answer takes about as long for a known username as for an unknown one.
 */
export function mailSetPasswordLinks(db: Db, mail: Pick<MailSettings, 'publicBaseUrl'>, timeZone: string, clock: () => Date): SetPasswordLinkDelivery {
  return async (m) => {
    const { subject, text } = setPasswordEmail(m, mail.publicBaseUrl, formatInTimeZone(m.expiresAt, timeZone));
    await queueMessage(db, { userId: m.userId, to: m.email, subject, body: text, kind: 'set-password', at: clock() });
  };
}
