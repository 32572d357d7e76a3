import type { NextFunction, Request, Response } from 'express';
import { isPlanRole, isReviewer } from '../domain/roles';
import { notFound } from './errors';

/**
 * The plan's pages and the offices' pages are apart (issue 12): for a user of the other side a page
 * does not exist (404), as another organization's request does not.
 */
export function requirePlanReviewer(req: Request, res: Response, next: NextFunction): void {
  if (isReviewer(res.locals.user?.role)) return next();
  notFound(req, res);
}

/** Put after the pages every signed-in user has (home, account, the plan's own): the rest are the offices'. */
export function providerPagesOnly(req: Request, res: Response, next: NextFunction): void {
  if (!isPlanRole(res.locals.user?.role)) return next();
  notFound(req, res);
}
