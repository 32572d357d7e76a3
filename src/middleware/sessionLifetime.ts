import type { NextFunction, Request, Response } from 'express';

declare module 'express-session' {
  interface SessionData {
    /** The previous session ended (idle or 12 hours): the sign-in page says so once. */
    sessionEnded?: boolean;
  }
}

/**
 * Automatic logoff (HIPAA 164.312(a)(2)(iii)): a session ends after the idle time (the cookie and the
 * stored session expire together) and after 12 hours whatever happens. A small marker cookie, set at
 * sign-in and cleared at sign-out, tells an ended session from a first visit, so that the sign-in page
 * can say why it is shown.
 */
export const SIGNED_IN_MARKER = 'openpa.signed-in';
const MAX_SESSION_MS = 12 * 60 * 60 * 1000;

function hasMarker(req: Request): boolean {
  return (req.headers.cookie ?? '').split(';').some((c) => c.trim() === `${SIGNED_IN_MARKER}=1`);
}

export function markSignedIn(req: Request, res: Response): void {
  res.cookie(SIGNED_IN_MARKER, '1', { httpOnly: true, sameSite: 'lax', secure: req.secure, maxAge: 30 * 24 * 60 * 60 * 1000 });
}

export function clearSignedIn(res: Response): void {
  res.clearCookie(SIGNED_IN_MARKER);
}

/** Signs the session out, keeping it so that the sign-in page can say the session ended. */
export function endSignedInSession(req: Request): void {
  const { session } = req;
  delete session.userId;
  delete session.signedInAt;
  delete session.passwordStamp;
  session.sessionEnded = true;
}

export function sessionLifetime(req: Request, res: Response, next: NextFunction): void {
  const { session } = req;
  if (session.userId !== undefined && (session.signedInAt === undefined || Date.now() - session.signedInAt > MAX_SESSION_MS)) {
    endSignedInSession(req);
  } else if (session.userId === undefined && hasMarker(req)) {
    session.sessionEnded = true;
    clearSignedIn(res);
  }
  next();
}

/**
 * A form posted after the session ended cannot be checked or saved: send the provider to sign in,
 * and back to the same page afterwards (every form posts to the address of its own page). This runs
 * before the CSRF check, which would otherwise answer with "form expired".
 */
export function signInBeforePosting(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'POST' || res.locals.user || isSignedOutForm(req.path)) return next();
  if (req.path !== '/sign-out') req.session.returnTo = req.originalUrl;
  res.redirect(303, '/sign-in');
}

/** The forms a signed-out visitor posts: signing in, asking for a link, setting a password from one. */
function isSignedOutForm(path: string): boolean {
  return path === '/sign-in' || path === '/forgot-password' || path.startsWith('/set-password/');
}
