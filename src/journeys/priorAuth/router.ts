import { Router } from 'express';
import type { Db } from '../../db/database';
import { stepController, journeyContext } from './controller';
import { documentClinicalController } from './documentClinical';
import { dropJourney } from './keepJourney';
import { stepUrl } from './flow';

export function priorAuthJourneyRouter(db: Db): Router {
  const router = Router();
  const steps = stepController(db);
  const clinical = documentClinicalController(db);

  router.get('/prior-auth/:journeyId/cancel', async (req, res) => {
    const ctx = await journeyContext(db, req, res);
    if (!ctx) return;
    res.render('priorAuth/cancel', { title: 'Cancel this request?', backHref: stepUrl(ctx.journey, 'review'), journeyId: ctx.journey.id });
  });

  router.post('/prior-auth/:journeyId/cancel', async (req, res) => {
    const ctx = await journeyContext(db, req, res);
    if (!ctx) return;
    await dropJourney(db, req.session, ctx.journey.id);
    await ctx.audit('request-cancelled');
    req.session.flash = 'The request was cancelled. Nothing was sent to the plan.';
    res.redirect(303, '/prior-auth');
  });

  router.get('/prior-auth/:journeyId/document-clinical/:code', clinical.get);
  router.post('/prior-auth/:journeyId/document-clinical/:code', clinical.post);
  router.get('/prior-auth/:journeyId/:slug', steps.get);
  router.post('/prior-auth/:journeyId/:slug', steps.post);
  return router;
}
