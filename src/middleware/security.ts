import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * Security headers. The CSP allows only this origin and no inline script or style, so an injected
 * tag cannot run; the pages need no JavaScript at all, and none is loaded.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
}

/** HSTS only on responses that came over HTTPS: over plain HTTP the header means nothing and is not sent. */
export function strictTransportSecurity(req: Request, res: Response, next: NextFunction): void {
  if (req.secure) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  next();
}

/**
 * Every page the portal builds may show health information or a form's token: none is kept in the
 * browser's or a proxy's cache, so a shared office PC's Back button or cache shows nothing after
 * sign-out (HIPAA Security Rule 45 CFR 164.312; RFC 9111 5.2.2.5). The app sends no ETag either
 * (app.set('etag', false)), so a page is never answered "304 Not Modified" from a stale copy.
 * Mounted after the static files, which keep their own caching.
 */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}
