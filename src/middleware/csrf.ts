import type { NextFunction, Request, Response } from 'express';
import { csrfSync } from 'csrf-sync';

/**
 * Synchroniser-token CSRF protection: one token per session, kept in the session and sent back in a
 * hidden `_csrf` field of every form. Every page gets the token in res.locals.csrfToken.
 */
const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => (typeof req.body?._csrf === 'string' ? req.body._csrf : undefined),
});

export function csrfToken(req: Request, res: Response, next: NextFunction): void {
  res.locals.csrfToken = generateToken(req);
  next();
}

export const csrfProtection = csrfSynchronisedProtection;
