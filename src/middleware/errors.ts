import type { NextFunction, Request, Response } from 'express';
import { isStorageUnavailable } from '../services/fileStorage';
import { AuditNotRecorded } from '../services/audit';

export class NotFound extends Error {}

/** A request the portal cannot read (a malformed body): the client's fault, answered 400. */
export class BadRequest extends Error {
  readonly status = 400;
}

/** The one 404 page: for an address that does not exist, and for anything this user may not see. */
export function notFound(_req: Request, res: Response): void {
  res.status(404).render('errors/notFound', { title: 'Page not found' });
}

export type ErrorLog = (level: 'warn' | 'error', err: unknown, req: Request) => void;

/**
 * The database could not write: SQLite's file or its disk is full (https://sqlite.org/rescode.html#full),
 * or PostgreSQL's disk is (disk_full, https://www.postgresql.org/docs/current/errcodes-appendix.html).
 */
const isDatabaseFull = (err: unknown) => ['SQLITE_FULL', '53100'].includes(String((err as { code?: unknown } | null)?.code));

/**
 * The last handler: a plain page in the portal's layout, never a stack trace or a library's message.
 * A client's malformed request is a 4xx, logged as a warning; a failure of the portal is logged as
 * an error. A failed CSRF check means the form was open too long or came from elsewhere: say so, and
 * offer to retry. When the disk or the database is full, say plainly that nothing was saved.
 */
export function errorPage(log: ErrorLog) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      // Too late for a page: Express's own handler ends the connection.
      log('error', err, req);
      return next(err);
    }
    const e = (err ?? {}) as { code?: string; status?: number; statusCode?: number; type?: string; expose?: boolean };
    const status = e.status ?? e.statusCode;
    const problem = (code: number, title: string, message: string) => void res.status(code).render('errors/problem', { title, message });
    if (err instanceof NotFound) return notFound(req, res);
    if (e.code === 'EBADCSRFTOKEN' || (status === 403 && /csrf/i.test(String((err as Error).message)))) {
      log('warn', err, req);
      res.status(403).render('errors/formExpired', { title: 'This form has expired' });
      return;
    }
    if (err instanceof AuditNotRecorded) {
      log('error', err.cause, req);
      return problem(
        503,
        'This page cannot be shown at the moment',
        'The portal could not record that you opened it, and health information is only shown once that is recorded. Nothing was shown. Try again in a few minutes.',
      );
    }
    if (isStorageUnavailable(err)) {
      log('error', err, req);
      return problem(507, 'Your file was not saved', 'The portal cannot store files at the moment, so the file you sent was not saved. Try again later.');
    }
    if (isDatabaseFull(err)) {
      log('error', err, req);
      return problem(503, 'Your request was not saved', 'The portal cannot save anything at the moment, so what you sent was not saved. Try again later.');
    }
    if (status !== undefined && status >= 400 && status < 500 && e.expose !== false) {
      log('warn', err, req);
      if (e.type === 'entity.too.large' || status === 413) {
        return problem(413, 'That was too much to send', 'The form you sent was larger than the portal accepts. Go back, shorten what you typed and try again.');
      }
      if (status === 415) {
        return problem(415, 'The form could not be read', 'The form was sent in a format or character set the portal does not read. Go back and try again.');
      }
      return problem(status, 'The form could not be read', 'The portal could not read the form that was sent. Go back and try again.');
    }
    log('error', err, req);
    problem(500, 'Sorry, there is a problem with the portal', 'Nothing you saved has been lost. Try again in a few minutes.');
  };
}
