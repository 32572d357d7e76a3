import { Router } from 'express';
import type { Db } from '../db/database';
import { currentUser } from '../middleware/signIn';
import { isReviewer } from '../domain/roles';
import { currentAnnouncements } from '../db/repositories/announcements';
import { ANNOUNCEMENT_KINDS, dateIn, paragraphsOf } from '../domain/announcements';
import type { InProgressList } from '../journeys/inProgress';
import type { PlanSettings } from '../config';
import { providerInformationNotice } from './providerInformation';

/**
 * The home page. An office sees whether its provider information is due for confirmation, its notices (issue 13: decisions and requests for information, added
 * with the mail path), its requests in progress and the plan's current announcements; the plan's staff
 * see where their work is.
 */
export function homeRouter(db: Db, inProgress: InProgressList, plan: Pick<PlanSettings, 'timeZone' | 'providerInformationDays'>, clock: () => Date): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const user = currentUser(res);
    const provider = user.organizationKind !== 'plan';
    const announcements = provider ? await currentAnnouncements(db, dateIn(clock(), plan.timeZone)) : [];
    res.render('home/index', {
      title: 'Home',
      user,
      reviewer: isReviewer(user.role),
      planAdmin: user.role === 'plan_admin',
      inProgress: provider ? await inProgress(db, user) : [],
      providerInformation: provider ? await providerInformationNotice(db, user.organizationId, plan.providerInformationDays, clock()) : undefined,
      orgAdmin: user.role === 'org_admin',
      announcements: announcements.map((a) => ({ kind: ANNOUNCEMENT_KINDS[a.kind], title: a.title, paragraphs: paragraphsOf(a.body) })),
    });
  });
  return router;
}
