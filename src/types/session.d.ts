import 'express-session';

declare module 'express-session' {
  /** Who is signed in, and little else: journeys keep their answers in rows of their own. */
  interface SessionData {
    userId?: number;
    /** When the user signed in (ms since the epoch): a session lasts 12 hours at most. */
    signedInAt?: number;
    /** The previous session ended (idle or 12 hours): the sign-in page says so once. */
    sessionEnded?: boolean;
    /** Where to go after signing in: a path on this site, kept from the request that needed a sign-in. */
    returnTo?: string;
    /** One message for the next page, such as "The request was cancelled". */
    flash?: string;
  }
}
