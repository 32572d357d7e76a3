import 'express-session';
import type { Journey } from '../journeys/priorAuth/journey';
import type { MemberSearchState } from '../routes/memberSearch';
import type { NewbornDraft } from '../routes/newbornForm';

declare module 'express-session' {
  interface SessionData {
    userId?: number;
    /** When the user signed in (ms since the epoch): a session lasts 12 hours at most. */
    signedInAt?: number;
    /** passwordStamp() of the user's password at sign-in: a change of password ends the session. */
    passwordStamp?: string;
    /** The previous session ended (idle or 12 hours): the sign-in page says so once. */
    sessionEnded?: boolean;
    /** Where to go after signing in: a path on this site, kept from the request that needed a sign-in. */
    returnTo?: string;
    /** One message for the next page, such as "The request was cancelled". */
    flash?: string;
    journeys?: Record<string, Journey>;
    memberSearch?: MemberSearchState;
    /** Newborn notifications in progress, by their form id. */
    newbornDrafts?: Record<string, NewbornDraft>;
  }
}
