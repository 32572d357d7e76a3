import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Store } from 'express-session';
import type { Logger } from 'pino';
import type { Db } from '../db/database';
import { requestLogger } from '../logger';
import { navigationFor } from '../domain/navigation';
import { moveSessionJourneysToRows } from '../journeys/sessionUpgrade';
import { csrfProtection, csrfToken } from './csrf';
import { securityHeaders, strictTransportSecurity } from './security';
import { sessions } from './session';
import { sessionLifetime, signInBeforePosting } from './sessionLifetime';
import { loadUser } from './signIn';

/**
 * What every answer starts with: its request id and log line, then the security headers. createApp
 * mounts these first; the benchmark measures them, with signedInPageStack, on an empty page
 * (bench/floor.ts), as the least a signed-in page can cost.
 */
export function answerStack(logger: Logger): RequestHandler[] {
  return [requestLogger(logger) as RequestHandler, securityHeaders(), strictTransportSecurity];
}

/** The one-time message for this page (taken from the session), and the main navigation for the user's role. */
function flashAndNavigation(req: Request, res: Response, next: NextFunction): void {
  res.locals.flash = req.session.flash;
  delete req.session.flash;
  res.locals.navigation = navigationFor(req.path, res.locals.user?.role);
  next();
}

/**
 * What every page after the API goes through, in order: the session (from its store in the database)
 * and its lifetime, the CSRF token and check, the signed-in user, work in progress from an older
 * session moved to its rows, then the page's message and navigation.
 */
export function signedInPageStack(db: Db, secret: string, idleMinutes: number): { store: Store; handlers: RequestHandler[] } {
  const { store, middleware, refresh } = sessions(db, secret, idleMinutes);
  return {
    store,
    handlers: [middleware, refresh, sessionLifetime, csrfToken, loadUser(db), signInBeforePosting, moveSessionJourneysToRows(db), csrfProtection, flashAndNavigation],
  };
}
