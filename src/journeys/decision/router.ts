import crypto from 'node:crypto';
import { Router } from 'express';
import type { Db } from '../../db/database';
import { insertJourney } from '../../db/repositories/journeys';
import { findRequestForPlan } from '../../db/repositories/requests';
import { currentUser } from '../../middleware/signIn';
import { notFound } from '../../middleware/errors';
import { journeyController } from '../engine/controller';
import { journeyUrl, type JourneyKind } from '../engine/journeyKind';
import type { DecisionJourney } from './journey';
import { reviewHref, type DecisionContext } from './step';
import { extendStep } from './steps/extend';
import { informationStep } from './steps/information';
import { referStep } from './steps/refer';

/** Starting a decision on a request assigned to the reviewer, then its pages on the one engine. */
export function decisionJourneyRouter(db: Db, kind: JourneyKind<DecisionContext, DecisionJourney>): Router {
  const router = Router();
  const engine = journeyController(db, kind, [informationStep, extendStep, referStep]);

  router.post('/plan/requests/:reference/decide', async (req, res) => {
    const user = currentUser(res);
    const reference = String(req.params.reference);
    const request = /^\d{9}$/.test(reference) ? await findRequestForPlan(db, reference) : undefined;
    if (!request) return notFound(req, res);
    if (request.assignedTo?.id !== user.id) {
      req.session.flash = 'Assign the request to yourself before deciding it, so that no one else decides it at the same time.';
      return res.redirect(303, reviewHref(reference));
    }
    // The decision counts seen now are what the decision is sent against (compare-and-set).
    const state: DecisionJourney = { requestId: request.id, reference, seen: Object.fromEntries(request.lines.map((l) => [String(l.lineNumber), l.decisionCount])), proposals: {} };
    const id = crypto.randomUUID();
    await insertJourney(db, { id, kind: kind.kind, userId: user.id, organizationId: user.organizationId, state });
    res.redirect(303, journeyUrl(kind, id, kind.flow.first.slug));
  });

  engine.mount(router, { cancel: false, withParam: false });
  return router;
}
