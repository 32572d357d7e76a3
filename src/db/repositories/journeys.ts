import type { Db } from '../database';
import { rawRows } from '../results';
import { isPostgres } from '../dialect';
import { preparedAll, preparedRun, preparedStatementsApply } from '../sqliteStatements';

export type JourneyStatus = 'in-progress' | 'submitted' | 'discarded';

/** One multi-step form's row: who owns it, its answers (the kind's own state) and a version for compare-and-set. */
export interface JourneyRecord<S = unknown> {
  id: string;
  kind: string;
  userId: number;
  organizationId: number;
  state: S;
  version: number;
  status: JourneyStatus;
  reference?: string;
  submittedAt?: string;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  kind: string;
  user_id: number;
  organization_id: number;
  answers: string;
  version: number;
  status: JourneyStatus;
  reference: string | null;
  submitted_at: string | null;
  created_at: string;
  updated_at: string;
}

function toRecord<S>(row: Row): JourneyRecord<S> {
  return {
    id: row.id,
    kind: row.kind,
    userId: row.user_id,
    organizationId: row.organization_id,
    state: JSON.parse(row.answers) as S,
    version: row.version,
    status: row.status,
    reference: row.reference ?? undefined,
    submittedAt: row.submitted_at ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function insertJourney<S>(db: Db, journey: Pick<JourneyRecord<S>, 'id' | 'kind' | 'userId' | 'organizationId' | 'state'>, now = new Date()): Promise<JourneyRecord<S>> {
  const at = now.toISOString();
  await db('journeys').insert({
    id: journey.id,
    kind: journey.kind,
    user_id: journey.userId,
    organization_id: journey.organizationId,
    answers: JSON.stringify(journey.state),
    version: 1,
    status: 'in-progress',
    created_at: at,
    updated_at: at,
  });
  return { ...journey, version: 1, status: 'in-progress', createdAt: at, updatedAt: at };
}

/** Keeps a journey brought from elsewhere (an old session) unless a row with its id exists already. */
export async function insertJourneyIfAbsent<S>(db: Db, journey: Pick<JourneyRecord<S>, 'id' | 'kind' | 'userId' | 'organizationId' | 'state'>, now = new Date()): Promise<void> {
  const at = now.toISOString();
  await db('journeys')
    .insert({ id: journey.id, kind: journey.kind, user_id: journey.userId, organization_id: journey.organizationId, answers: JSON.stringify(journey.state), version: 1, status: 'in-progress', created_at: at, updated_at: at })
    .onConflict('id')
    .ignore();
}

export async function findJourneyById<S>(db: Db, id: string, kind: string): Promise<JourneyRecord<S> | undefined> {
  // Every step of every journey reads its row: a statement prepared once on SQLite (sqliteStatements.ts),
  // raw SQL elsewhere (no query builder).
  const sql = 'SELECT * FROM journeys WHERE id = ? AND kind = ? LIMIT 1';
  const row = (preparedStatementsApply(db) ? await preparedAll(db, sql, [id, kind]) : rawRows<Row>(await db.raw(sql, [id, kind])))[0] as Row | undefined;
  return row ? toRecord<S>(row) : undefined;
}

/**
 * Writes new answers only if nobody wrote since `version` was read: one statement, so two tabs, two
 * requests at once or two processes never overwrite each other. False when another write came first.
 */
export async function updateJourneyIfUnchanged<S>(db: Db, id: string, version: number, state: S, now = new Date()): Promise<boolean> {
  // Every step's save: a statement prepared once on SQLite, raw SQL on PostgreSQL (no query builder).
  const sql = "UPDATE journeys SET answers = ?, version = ?, updated_at = ? WHERE id = ? AND version = ? AND status = 'in-progress'";
  const params = [JSON.stringify(state), version + 1, now.toISOString(), id, version];
  if (preparedStatementsApply(db)) return (await preparedRun(db, sql, params)) === 1;
  if (isPostgres(db)) return ((await db.raw(sql, params)) as { rowCount: number }).rowCount === 1;
  const changed = await db('journeys')
    .where({ id, version, status: 'in-progress' })
    .update({ answers: JSON.stringify(state), version: version + 1, updated_at: now.toISOString() });
  return changed === 1;
}

/** The journey was saved by another tab or request since it was read: what was about to happen did not. */
export class JourneyChangedError extends Error {
  constructor(readonly journeyId: string) {
    super(`journey ${journeyId} was changed since it was read`);
  }
}

/**
 * Marks a journey as what it became, inside the submit's own transaction, only if nobody saved it
 * since `version` was read: otherwise it throws JourneyChangedError and the submit rolls back, so a
 * request never goes to the plan without an answer another tab was told was saved.
 */
export async function markJourneySubmitted(db: Db, id: string, version: number, reference: string, now = new Date()): Promise<void> {
  const changed = await db('journeys')
    .where({ id, version, status: 'in-progress' })
    .update({ status: 'submitted', reference, submitted_at: now.toISOString(), updated_at: now.toISOString(), version: version + 1 });
  if (changed !== 1) throw new JourneyChangedError(id);
}

export async function discardJourneyRow(db: Db, id: string, now = new Date()): Promise<void> {
  await db('journeys').where({ id, status: 'in-progress' }).update({ status: 'discarded', answers: '{}', updated_at: now.toISOString() });
}

/** A user's journeys in progress of the given kinds changed since `since`, most recently changed first. */
export async function journeysInProgress<S>(db: Db, userId: number, kinds: string[], since: Date): Promise<JourneyRecord<S>[]> {
  const rows = (await db('journeys').where({ user_id: userId, status: 'in-progress' }).whereIn('kind', kinds).where('updated_at', '>', since.toISOString()).orderBy('updated_at', 'desc').limit(50)) as Row[];
  return rows.map((r) => toRecord<S>(r));
}

/**
 * Removes journeys in progress untouched since `before` (their answers with them), and the answers of
 * discarded ones. Submitted journeys stay: their addresses lead to what they became.
 */
export async function purgeJourneysBefore(db: Db, before: Date): Promise<number> {
  return db('journeys').whereIn('status', ['in-progress', 'discarded']).where('updated_at', '<', before.toISOString()).del();
}
