import { Router } from 'express';
import type { Db } from '../db/database';
import { currentUser } from '../middleware/signIn';
import { isReviewer } from '../domain/roles';
import { countUnreadNotices, listNotices } from '../db/repositories/notices';
import { noticeHeadline } from '../domain/notices';
import { formatDateTime } from '../domain/dates';
import { currentAnnouncements } from '../db/repositories/announcements';
import { ANNOUNCEMENT_KINDS, dateIn, paragraphsOf } from '../domain/announcements';
import type { InProgressList } from '../journeys/inProgress';
import type { PlanSettings } from '../config';
import { providerInformationNotice } from './providerInformation';

/** Notices shown on the office's home page: the newest. */
const NOTICES_SHOWN = 20;

/**
 * The home page. An office sees whether its provider information is due for confirmation, its notices
 * (decisions and requests for information, issue 12), its requests in progress and the plan's current
 * announcements; the plan's staff see where their work is.
 */
export function homeRouter(db: Db, inProgress: InProgressList, plan: Pick<PlanSettings, 'timeZone' | 'providerInformationDays'>, clock: () => Date): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const user = currentUser(res);
    const provider = user.organizationKind !== 'plan';
    const announcements = provider ? await currentAnnouncements(db, dateIn(clock(), plan.timeZone)) : [];
    // The office is told of news on its requests; the plan's staff are the ones making it.
    const notices = provider ? await listNotices(db, user.organizationId, user.id, NOTICES_SHOWN) : [];
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
      planAdmin: user.role === 'plan_admin',
      inProgress: provider ? await inProgress(db, user) : [],
      providerInformation: provider ? await providerInformationNotice(db, user.organizationId, plan.providerInformationDays, clock()) : undefined,
      orgAdmin: user.role === 'org_admin',
      announcements: announcements.map((a) => ({ kind: ANNOUNCEMENT_KINDS[a.kind], title: a.title, paragraphs: paragraphsOf(a.body) })),
    });
  });
  return router;
}
