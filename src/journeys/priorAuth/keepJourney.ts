import type { SessionData } from 'express-session';
import type { Db } from '../../db/database';
import { deleteDraft, saveDraft } from '../../db/repositories/journeyDrafts';
import { discardJourney, saveJourney, type Journey } from './journey';

/** Saves a journey in the session and, until it is submitted, as its user's draft in the database. */
export async function keepJourney(db: Db, session: Partial<SessionData>, journey: Journey): Promise<void> {
  saveJourney(session, journey);
  if (journey.submittedReference) await deleteDraft(db, journey.id);
  else await saveDraft(db, journey);
}

/** Cancels a journey: gone from the session and from the drafts. */
export async function dropJourney(db: Db, session: Partial<SessionData>, journeyId: string): Promise<void> {
  discardJourney(session, journeyId);
  await deleteDraft(db, journeyId);
}
