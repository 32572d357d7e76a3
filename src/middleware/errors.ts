import type { NextFunction, Request, Response } from 'express';

export class NotFound extends Error {}

/** The one 404 page: for an address that does not exist, and for anything this user may not see. */
export function notFound(_req: Request, res: Response): void {
  res.status(404).render('errors/notFound', { title: 'Page not found' });
}

/**
 * The last handler: a plain page in the portal's layout, never a stack trace or a library's message.
 * A failed CSRF check means the form was open too long or came from elsewhere: say so, and offer to retry.
 */
export function errorPage(log: (err: unknown, req: Request) => void) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const e = err as { code?: string; status?: number; statusCode?: number; type?: string };
    if (err instanceof NotFound) return notFound(req, res);
    if (e.code === 'EBADCSRFTOKEN' || (e.status === 403 && /csrf/i.test(String((err as Error).message)))) {
      res.status(403).render('errors/formExpired', { title: 'This form has expired' });
      return;
    }
    if (e.type === 'entity.too.large' || e.status === 413) {
      res.status(413).render('errors/problem', { title: 'That was too much to send', message: 'The form you sent was larger than the portal accepts. Go back, shorten what you typed and try again.' });
      return;
    }
    if (e.status === 400 || e.statusCode === 400) {
      res.status(400).render('errors/problem', { title: 'The form could not be read', message: 'The portal could not read the form that was sent. Go back and try again.' });
      return;
    }
    log(err, req);
    res.status(500).render('errors/problem', { title: 'Sorry, there is a problem with the portal', message: 'Nothing you saved has been lost. Try again in a few minutes.' });
  };
}
