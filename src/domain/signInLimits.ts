/**
 * Limits on signing in (OWASP ASVS 2.2.1): a username is locked for 15 minutes after 5 failed attempts
 * within 15 minutes, and one client address may try at most 100 times in 15 minutes (an office of
 * many users shares one address), whatever the usernames, so that guessing passwords is slow everywhere.
 */
export const USERNAME_LOCK = { failures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
export const ADDRESS_LIMIT = { attempts: 100, windowMs: 15 * 60_000 };

export interface Attempt {
  succeeded: boolean;
  at: Date;
}

/** When the username's lock ends, if it is locked now; attempts in any order. */
export function lockedUntil(attempts: readonly Attempt[], now: Date): Date | undefined {
  const sorted = [...attempts].sort((a, b) => a.at.getTime() - b.at.getTime());
  const lastSuccess = sorted.filter((a) => a.succeeded).pop()?.at.getTime() ?? -Infinity;
  const failures = sorted.filter((a) => !a.succeeded && a.at.getTime() > lastSuccess).map((a) => a.at.getTime());
  let until: number | undefined;
  for (let i = USERNAME_LOCK.failures - 1; i < failures.length; i++) {
    const first = failures[i - (USERNAME_LOCK.failures - 1)] ?? 0;
    const current = failures[i] ?? 0;
    if (current - first <= USERNAME_LOCK.windowMs) until = current + USERNAME_LOCK.lockMs;
  }
  return until !== undefined && now.getTime() < until ? new Date(until) : undefined;
}

export function addressLimited(attemptsInWindow: number, limit = ADDRESS_LIMIT.attempts): boolean {
  return attemptsInWindow >= limit;
}

/** What the attempts before this one say about it, read in the same transaction that reserves it. */
export interface SignInHistory {
  /** The username's attempts since `USERNAME_LOCK.windowMs + USERNAME_LOCK.lockMs` ago. */
  forUsername: readonly Attempt[];
  /** How many attempts the client address made in the last `ADDRESS_LIMIT.windowMs`. */
  fromAddress: number;
}

export type SignInRefusal = { reason: 'address-limited' } | { reason: 'locked'; until: Date };

/**
 * Why an attempt may not have its password checked, if it may not. An attempt whose password is still
 * being checked counts as failed here: it is reserved as a failure and becomes a success only once the
 * password proved right, so a burst of simultaneous attempts cannot get more than 5 checks.
 */
export function signInRefusal(history: SignInHistory, now: Date, attemptsPerAddress = ADDRESS_LIMIT.attempts): SignInRefusal | undefined {
  if (addressLimited(history.fromAddress, attemptsPerAddress)) return { reason: 'address-limited' };
  const until = lockedUntil(history.forUsername, now);
  return until ? { reason: 'locked', until } : undefined;
}

/** The oldest attempt that can still matter to a username's lock, and to an address's limit. */
export function historySince(now: Date): { usernameSince: Date; addressSince: Date } {
  return {
    usernameSince: new Date(now.getTime() - USERNAME_LOCK.windowMs - USERNAME_LOCK.lockMs),
    addressSince: new Date(now.getTime() - ADDRESS_LIMIT.windowMs),
  };
}
