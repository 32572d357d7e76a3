/**
 * Notifications (issue 12): what the office is told when one of its requests has news, in the portal and
 * by e-mail. An e-mail says only that a reference number has news and to sign in: no member's name, no
 * code, no outcome, since e-mail is not a safe place for health information (HIPAA minimum necessary).
 */

/** Why a notice was raised. Other parts may add kinds; an unknown kind still reads as "has news". */
export type NoticeKind = 'decision' | 'information-requested' | (string & {});

const HEADLINES: Readonly<Record<string, string>> = {
  decision: 'The plan made a decision',
  'information-requested': 'The plan asked for more information',
};

/** The notice as the office's home page lists it. */
export function noticeHeadline(kind: NoticeKind): string {
  return HEADLINES[kind] ?? 'There is news';
}

/** A decision's notice kind: a request for information when that is all it asked, a decision otherwise. */
export function noticeKindFor(outcomes: readonly string[]): NoticeKind {
  return outcomes.length > 0 && outcomes.every((o) => o === 'Information requested') ? 'information-requested' : 'decision';
}

/** The request's page on the portal, from the configured public address (never the Host header). */
export function requestLink(publicBaseUrl: string, reference: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/prior-auth/requests/${reference}`;
}

export interface NoticeEmail {
  subject: string;
  text: string;
}

/**
 * The e-mail for a notice. Without a public address (PUBLIC_BASE_URL, needed only when mail is sent),
 * the message says in words that it cannot give the portal's address, rather than inventing one.
 */
export function noticeEmail(reference: string, publicBaseUrl: string | undefined): NoticeEmail {
  const where = publicBaseUrl
    ? `Sign in to the prior authorization portal to read it:\n${requestLink(publicBaseUrl, reference)}`
    : "Sign in to the prior authorization portal to read it. (This message cannot give the portal's address: it is not set up.)";
  return {
    subject: noticeSubject(reference),
    text: [`Prior authorization request ${reference} has news.`, '', where, '', 'This message carries no health information. Please do not reply to it.', ''].join('\n'),
  };
}

export function noticeSubject(reference: string): string {
  return `Request ${reference} has news`;
}

/** Whom a notice is e-mailed to: the user who submitted and the request's contact, each once. */
export function noticeRecipients(...addresses: readonly (string | null | undefined)[]): string[] {
  const seen = new Map<string, string>();
  for (const address of addresses) {
    const trimmed = address?.trim();
    if (trimmed && /^[^\s@]+@[^\s@]+$/.test(trimmed) && !seen.has(trimmed.toLowerCase())) seen.set(trimmed.toLowerCase(), trimmed);
  }
  return [...seen.values()];
}

/** Attempts after which a message that keeps failing is given up (marked failed, shown in the outbox). */
export const MAX_SEND_ATTEMPTS = 12;
const MINUTE = 60_000;

/**
 * When to try a failed message again: exponential back-off, 1, 2, 4 ... minutes after the attempt,
 * at most 6 hours apart; undefined after `maxAttempts` attempts (for e-mail MAX_SEND_ATTEMPTS, about 20
 * hours: give up). The Subscription notifications (issue 15) back off the same way.
 */
export function nextAttemptAfterFailure(attempts: number, now: Date, maxAttempts = MAX_SEND_ATTEMPTS): Date | undefined {
  if (attempts >= maxAttempts) return undefined;
  const delay = Math.min(MINUTE * 2 ** Math.max(0, attempts - 1), 360 * MINUTE);
  return new Date(now.getTime() + delay);
}

/** How long a worker's claim on a message lasts: a process that dies while sending frees it after this. */
export const SEND_LEASE_MS = 10 * MINUTE;

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'kept' | 'failed';

export const OUTBOX_STATUS_NAMES: Readonly<Record<OutboxStatus, string>> = {
  queued: 'Waiting to be sent',
  sending: 'Sending',
  sent: 'Sent',
  kept: 'Kept (no mail server set up)',
  failed: 'Not sent: gave up after repeated failures',
};
