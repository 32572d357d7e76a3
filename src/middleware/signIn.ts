import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../db/database';
import { findUserById, type UserRecord } from '../db/repositories/users';
import { passwordStamp } from '../auth/passwords';
import { endSignedInSession } from './sessionLifetime';

declare module 'express-session' {
  interface SessionData {
    /** Where to go after signing in: a path on this site, kept from the request that needed a sign-in. */
    returnTo?: string;
  }
}

declare module 'express-serve-static-core' {
  interface Locals {
    user?: UserRecord;
  }
}

/** The user's password stamp, worked out once per user record read (records are kept between requests). */
const stamps = new WeakMap<UserRecord, string>();
function stampOf(user: UserRecord): string {
  let stamp = stamps.get(user);
  if (stamp === undefined) {
    stamp = passwordStamp(user.passwordHash);
    stamps.set(user, stamp);
  }
  return stamp;
}

/**
 * Puts the signed-in user, if any, in res.locals.user for the routes and the layout. A session signed in
 * with a password that has since changed is ended here (sessions from before the stamp existed have none).
 */
export function loadUser(db: Db) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const id = req.session.userId;
    if (id !== undefined) {
      const user = await findUserById(db, id);
      const stamp = req.session.passwordStamp;
      // A deactivated user's sessions are deleted at once; this also stops one that a request had in hand.
      if (user?.active && (stamp === undefined || stamp === stampOf(user))) res.locals.user = user;
      else if (user) endSignedInSession(req);
      else delete req.session.userId;
    }
    next();
  };
}

/** Sends a signed-out visitor to sign in, remembering the page they asked for (GET only). */
export function requireSignIn(req: Request, res: Response, next: NextFunction): void {
  if (res.locals.user) return next();
  // Only a page the provider navigated to is worth returning to: not a favicon or other resource the
  // browser fetched by itself (Sec-Fetch-Dest says which, where the browser sends it).
  const dest = req.get('sec-fetch-dest');
  if (req.method === 'GET' && (dest === undefined || dest === 'document') && req.accepts('html')) req.session.returnTo = req.originalUrl;
  res.redirect(303, '/sign-in');
}

export function currentUser(res: Response): UserRecord {
  const user = res.locals.user;
  if (!user) throw new Error('currentUser() used on a route without requireSignIn');
  return user;
}

/** A return address is only ever a path on this site: never another origin ("//evil.example"). */
export function safeReturnPath(path: string | undefined): string {
  return path && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : '/';
}
