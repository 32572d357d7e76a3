import { Router } from 'express';
import type { Db } from '../db/database';
import { findNewbornNotificationForOrganization } from '../db/repositories/newbornNotifications';
import { notificationView } from '../journeys/newborn/view';
import { currentUser } from '../middleware/signIn';
import { audit } from '../services/audit';
import { notFound } from '../middleware/errors';

/** A newborn delivery notification that was sent (the form itself is a journey: src/journeys/newborn). */
export function newbornRouter(db: Db): Router {
  const router = Router();

  // Only the organization that sent a notification can see it; for anyone else it does not exist (404).
  router.get('/prior-auth/newborn/notifications/:reference', async (req, res) => {
    const user = currentUser(res);
    const reference = String(req.params.reference);
    const notification = /^\d{9}$/.test(reference) ? await findNewbornNotificationForOrganization(db, user.organizationId, reference) : undefined;
    if (!notification) return notFound(req, res);
    await audit(db, req, res, 'notification-viewed', { memberId: notification.motherId, referenceNumber: reference });
    res.render('newborn/notification', notificationView(notification));
  });

  return router;
}
