import crypto from 'node:crypto';
import { Router } from 'express';
import type { Db } from '../../db/database';
import { insertJourney } from '../../db/repositories/journeys';
import { findMemberById } from '../../db/repositories/members';
import { findMemberSearch } from '../../db/repositories/memberSearches';
import { nextCounterValue } from '../../db/repositories/requestSubmission';
import { eligibilityOn } from '../../domain/eligibility';
import { formatAuthorizationNumber } from '../../domain/referenceNumbers';
import { currentUser } from '../../middleware/signIn';
import { audit } from '../../services/audit';
import { textOf } from '../../validation';
import { journeyController } from '../engine/controller';
import { journeyUrl, type JourneyKind } from '../engine/journeyKind';
import { documentClinicalStep } from './documentClinical';
import { newJourney, type Journey } from './journey';
import type { StepContext } from './step';

/** The request journey: started from a member search, then every step, Document Clinical and Cancel on the one engine. */
export function priorAuthJourneyRouter(db: Db, kind: JourneyKind<StepContext, Journey>): Router {
  const router = Router();
  const engine = journeyController(db, kind, [documentClinicalStep]);

  router.post('/prior-auth/start', async (req, res) => {
    const user = currentUser(res);
    const searchId = textOf(req.body.search);
    const search = searchId ? await findMemberSearch(db, searchId, user.id) : undefined;
    const member = search && String(search.memberId) === textOf(req.body.member) ? await findMemberById(db, search.memberId) : undefined;
    if (!search || !member) {
      req.session.flash = 'Search for the member again, then start the request.';
      return res.redirect(303, '/prior-auth');
    }
    if (!eligibilityOn(member.eligibility, search.dateOfService)) {
      // The page offers no button in this case; a forged post gets the same answer.
      return res.redirect(303, `/prior-auth?search=${search.id}#search-result`);
    }
    const authorizationNumber = formatAuthorizationNumber(await nextCounterValue(db, 'authorization-number', 1950));
    const id = crypto.randomUUID();
    const state = newJourney({ id, userId: user.id, memberId: member.id, dateOfService: search.dateOfService, authorizationNumber });
    await insertJourney(db, { id, kind: kind.kind, userId: user.id, organizationId: user.organizationId, state });
    await audit(db, req, res, 'request-started', { memberId: member.id });
    res.redirect(303, journeyUrl(kind, id, kind.flow.first.slug));
  });

  engine.mount(router, { cancel: true, withParam: true });
  return router;
}
