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
