import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../db/database';
import { insertJourneyIfAbsent } from '../db/repositories/journeys';
import type { Journey } from './priorAuth/journey';
import type { NewbornDraft } from './newborn/form';
import { PRIOR_AUTH } from './priorAuth/kind';
import { NEWBORN } from './newborn/kind';

/** What sessions held before each journey had its own row (issue 10). */
interface LegacySessionJourneys {
  journeys?: Record<string, Journey & { submittedReference?: string }>;
  newbornDrafts?: Record<string, NewbornDraft>;
}

/**
 * Requests and newborn forms still held in a stored session from before the upgrade move into the
 * journeys table the first time that session is used, so no provider's work in progress is lost.
 */
export function moveSessionJourneysToRows(db: Db) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const legacy = req.session as unknown as LegacySessionJourneys;
    const user = res.locals.user;
    if (!user || (!legacy.journeys && !legacy.newbornDrafts)) return next();
    for (const journey of Object.values(legacy.journeys ?? {})) {
      if (journey.submittedReference || journey.userId !== user.id) continue;
      await insertJourneyIfAbsent(db, { id: journey.id, kind: PRIOR_AUTH, userId: user.id, organizationId: user.organizationId, state: journey });
    }
    for (const draft of Object.values(legacy.newbornDrafts ?? {})) {
      await insertJourneyIfAbsent(db, { id: draft.formId, kind: NEWBORN, userId: user.id, organizationId: user.organizationId, state: draft });
    }
    delete legacy.journeys;
    delete legacy.newbornDrafts;
    next();
  };
}
