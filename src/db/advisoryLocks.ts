/**
 * PostgreSQL advisory locks OpenPA takes, by the first of their two keys (pg_advisory_xact_lock(int, int)):
 * one number per purpose, so that two purposes never wait on each other by chance. The second key is
 * a hash of what is locked (a username, a client address), or 0.
 */
export const ADVISORY_LOCK = {
  /** A sign-in attempt's reservation, per username (signInAttempts.ts). */
  username: 1,
  /** A sign-in attempt's reservation, per client address (signInAttempts.ts). */
  clientAddress: 2,
  /** A portal process migrating and seeding the database at start (database.ts). */
  startup: 3,
  /** An import of a code set, providers or rules: one at a time, whatever it imports (importLock.ts). */
  import: 4,
  /** A request for a forgotten password's link, per username and per client address (setPasswordTokens.ts). */
  linkRequestUsername: 5,
  linkRequestAddress: 6,
} as const;
