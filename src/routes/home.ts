import { Router } from 'express';
import type { Db } from '../db/database';
import { currentUser } from '../middleware/signIn';
import { isPlanRole, isReviewer } from '../domain/roles';
import { countUnreadNotices, listNotices } from '../db/repositories/notices';
import { noticeHeadline } from '../domain/notices';
import { formatDateTime } from '../domain/dates';

/** Notices shown on the office's home page: the newest. */
const NOTICES_SHOWN = 20;

export function homeRouter(db: Db): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const user = currentUser(res);
    // The office is told of news on its requests (issue 12); the plan's staff are the ones making it.
    const notices = isPlanRole(user.role) ? [] : await listNotices(db, user.organizationId, user.id, NOTICES_SHOWN);
    const unread = notices.length ? await countUnreadNotices(db, user.organizationId, user.id) : 0;
    res.render('home/index', {
      title: 'Home',
      user,
      reviewer: isReviewer(user.role),
      unread,
      notices: notices.map((n) => ({
        href: `/notices/${n.id}`,
        text: `Request ${n.referenceNumber}: ${noticeHeadline(n.kind)}`,
        when: formatDateTime(n.createdAt),
        read: n.read,
      })),
    });
  });
  return router;
}
