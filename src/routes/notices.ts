import { Router } from 'express';
import type { Db } from '../db/database';
import { currentUser } from '../middleware/signIn';
import { notFound } from '../middleware/errors';
import { findNotice, markNoticeRead } from '../db/repositories/notices';

/**
 * Opening a notice: marks it read for this user (another user of the office still sees it unread) and
 * goes to the request's page. A link, so that it works with JavaScript off; reading is idempotent.
 */
export function noticesRouter(db: Db, clock: () => Date): Router {
  const router = Router();
  router.get('/notices/:id', async (req, res) => {
    const user = currentUser(res);
    const id = String(req.params.id);
    const notice = /^\d{1,9}$/.test(id) ? await findNotice(db, user.organizationId, Number(id)) : undefined;
    if (!notice) return notFound(req, res);
    await markNoticeRead(db, Number(id), user.id, clock().toISOString());
    res.redirect(303, `/prior-auth/requests/${notice.referenceNumber}`);
  });
  return router;
}
