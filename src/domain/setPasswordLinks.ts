/**
 * One-time links to set a password (issue 13): an invitation for a new user (or one an administrator
 * sends), valid 72 hours; a forgotten password's link, valid 1 hour (OWASP Forgot Password Cheat Sheet:
 * short-lived, single use, stored hashed). Either is used once.
 */
export type LinkPurpose = 'invite' | 'reset';

export const LINK_LIFETIME_MS: Readonly<Record<LinkPurpose, number>> = { invite: 72 * 3_600_000, reset: 3_600_000 };

export interface StoredLink {
  expiresAt: Date;
  usedAt: Date | null;
}

export type LinkState = 'usable' | 'used' | 'expired';

/** What a link is now: used (whatever its age), expired, or usable. */
export function linkState(link: StoredLink, now: Date): LinkState {
  if (link.usedAt) return 'used';
  return now.getTime() < link.expiresAt.getTime() ? 'usable' : 'expired';
}

/**
 * Limits on asking for a forgotten password's link, like those on signing in (src/domain/signInLimits.ts):
 * one account gets at most 3 links an hour, so nobody can fill its owner's mailbox; one client address may
 * ask at most 20 times in 15 minutes, whatever the usernames.
 */
export const LINK_REQUEST_LIMITS = {
  perUsername: { requests: 3, windowMs: 3_600_000 },
  perAddress: { requests: 20, windowMs: 15 * 60_000 },
};

export interface LinkRequestHistory {
  /** Requests for this username within the per-username window, this one not counted. */
  forUsername: number;
  /** Requests from this client address within the per-address window, this one not counted. */
  fromAddress: number;
}

/** Why a request for a link gets no link: the address asked too often (told), or the account did (not told). */
export function linkRequestRefusal(history: LinkRequestHistory): 'address-limited' | 'username-limited' | undefined {
  if (history.fromAddress >= LINK_REQUEST_LIMITS.perAddress.requests) return 'address-limited';
  if (history.forUsername >= LINK_REQUEST_LIMITS.perUsername.requests) return 'username-limited';
  return undefined;
}

/** The e-mail carrying a link: who it is for, where it leads, how long it lasts; no health information. */
export function setPasswordEmail(m: { displayName: string; username: string; purpose: LinkPurpose; path: string; expiresAt: Date }, publicBaseUrl: string | undefined, expiresInWords: string): { subject: string; text: string } {
  const link = publicBaseUrl ? `${publicBaseUrl.replace(/\/+$/, '')}${m.path}` : `${m.path} (after the portal's address, which is not set up: ask your administrator for it)`;
  const why = m.purpose === 'invite' ? `An account was made for you on the prior authorization portal, with the username ${m.username}.` : `Someone asked to set a new password for the username ${m.username} on the prior authorization portal.`;
  const ignore = m.purpose === 'invite' ? 'If you did not expect this, tell your office\'s administrator.' : 'If it was not you, ignore this message: your password stays as it is.';
  return {
    subject: m.purpose === 'invite' ? 'Set your password for the prior authorization portal' : 'Reset your password for the prior authorization portal',
    text: [`Hello ${m.displayName},`, '', why, '', `Set your password with this link, once, until ${expiresInWords}:`, link, '', ignore, 'Please do not reply to this message.', ''].join('\n'),
  };
}
