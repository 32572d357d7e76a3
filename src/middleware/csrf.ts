import type { NextFunction, Request, Response } from 'express';
import { csrfSync } from 'csrf-sync';

/**
 * Synchroniser-token CSRF protection: one token per session, kept in the session and sent back in a
 * hidden `_csrf` field of every form. Every page gets the token in res.locals.csrfToken.
 *
 * A multipart upload's token is in a body that only multer can read, so the global check lets the
 * upload routes through and they check the token themselves right after multer (`csrfAfterUpload`).
 */
// Every one of them goes through ownRequestUpload (src/routes/attachments.ts), which checks the token.
const UPLOAD_ROUTE = /^\/prior-auth\/requests\/\d{9}\/(attachments|messages|reconsideration)$/;
const tokenFromBody = (req: Request) => (typeof req.body?._csrf === 'string' ? req.body._csrf : undefined);

const global = csrfSync({
  getTokenFromRequest: tokenFromBody,
  skipCsrfProtection: (req) => UPLOAD_ROUTE.test(req.path) && Boolean(req.is('multipart/form-data')),
});
const afterUpload = csrfSync({ getTokenFromRequest: tokenFromBody });

export function csrfToken(req: Request, res: Response, next: NextFunction): void {
  res.locals.csrfToken = global.generateToken(req);
  next();
}

export const csrfProtection = global.csrfSynchronisedProtection;
export const csrfAfterUpload = afterUpload.csrfSynchronisedProtection;
