import { Router } from 'express';
import type { Db } from '../../db/database';
import { referenceForFormId } from '../../db/repositories/newbornNotifications';
import { currentUser } from '../../middleware/signIn';
import { textOf } from '../../validation';
import { journeyController } from '../engine/controller';
import { newDraft } from './form';
import { keepTypedInNewForm, newbornKind, startNewbornForm } from './kind';
import { notificationUrl } from './steps/notification';

/** The "Newborn Delivery Notification" tab: each form in progress is a journey with its own address. */
export function newbornJourneyRouter(db: Db): Router {
  const router = Router();
  const engine = journeyController(db, newbornKind);

  router.get('/prior-auth/newborn', async (_req, res) => {
    const user = currentUser(res);
    res.redirect(303, await startNewbornForm(db, user, newDraft()));
  });

  // A form loaded before each notification had its own address posts here: keep what it typed in a new one.
  router.post('/prior-auth/newborn', async (req, res) => {
    const user = currentUser(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const formId = textOf(body.formId);
    const sent = formId ? await referenceForFormId(db, user.organizationId, formId) : undefined;
    if (sent) return res.redirect(303, notificationUrl(sent));
    res.redirect(303, await keepTypedInNewForm(db, user, body, req));
  });

  engine.mount(router, { cancel: true, withParam: false });
  return router;
}
