import type { Db } from '../database';
import type { Journey } from '../../journeys/priorAuth/journey';

/** Requests in progress, kept for their user beyond the session: a sign-in brings them back. */
export async function saveDraft(db: Db, journey: Journey): Promise<void> {
  await db('journey_drafts')
    .insert({ journey_id: journey.id, user_id: journey.userId, journey: JSON.stringify(journey), updated_at: new Date().toISOString() })
    .onConflict('journey_id')
    .merge();
}

export async function deleteDraft(db: Db, journeyId: string): Promise<void> {
  await db('journey_drafts').where({ journey_id: journeyId }).del();
}

/** The user's most recent drafts, newest first. Older ones than `keepDays` are removed. */
export async function draftsOf(db: Db, userId: number, limit = 10, keepDays = 30): Promise<Journey[]> {
  await db('journey_drafts').where('updated_at', '<', new Date(Date.now() - keepDays * 86_400_000).toISOString()).del();
  const rows = await db('journey_drafts').where({ user_id: userId }).orderBy('updated_at', 'desc').limit(limit);
  return rows.map((r) => JSON.parse(r.journey) as Journey);
}
