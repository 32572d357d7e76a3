import type { Knex } from 'knex';
import { lineCodeLabel } from '../../domain/serviceTypes';
import type { Db } from '../database';
import { reviewMarks, type LineOutcome, type ReviewMark } from '../../domain/lineDecisions';

/** What the review queue can be narrowed to. */
export interface QueueFilters {
  expeditedOnly: boolean;
  overdueOnly: boolean;
  /** Assigned to this reviewer, or to nobody. */
  assigned?: { to: 'me'; userId: number } | { to: 'nobody' };
  /** The request's service category (service_categories.id). */
  categoryId?: string;
}

export interface QueueRow {
  id: number;
  referenceNumber: string;
  member: { firstName: string; lastName: string; memberId: string };
  organizationName: string;
  priority: 'standard' | 'expedited';
  submittedAt: string;
  dueAt: string;
  assignedTo: { id: number; name: string } | null;
  codes: string[];
  /** Why lines are back with the plan: "Reconsideration", "Information received". */
  marks: ReviewMark[];
  /** Above 1, the request is an update of an authorization (issue 14). */
  version: number;
}

/**
 * A request with a line pended has the status Pended, or Information requested when another of its
 * lines waits for the office (requestStatusFrom): the request's status, kept beside its lines on every
 * decision, narrows 100,000 requests to the few waiting by an index (status, due_at), and only those
 * requests' lines are looked at (request_lines (status, request_id)). `npm run bench:queue` measures it.
 */
const WAITING_REQUEST_STATUSES: readonly LineOutcome[] = ['Pended', 'Information requested'];

/** Requests with a line waiting for the plan (pended), across every provider organization. */
function waiting(db: Db, filters: QueueFilters, now: Date): Knex.QueryBuilder {
  const q = db('auth_requests as r')
    .whereIn('r.status', WAITING_REQUEST_STATUSES)
    // A version replaced by an update is reviewed as its current version (issue 14).
    .whereNull('r.superseded_by')
    .whereIn('r.id', db('request_lines').where('status', 'Pended').select('request_id'));
  if (filters.expeditedOnly) q.where('r.priority', 'expedited');
  if (filters.overdueOnly) q.where('r.due_at', '<', now.toISOString());
  if (filters.assigned?.to === 'me') q.where('r.assigned_to', filters.assigned.userId);
  if (filters.assigned?.to === 'nobody') q.whereNull('r.assigned_to');
  if (filters.categoryId) q.where('r.category_id', filters.categoryId);
  return q;
}

/**
 * One page of the queue, the least time left first (overdue first of all): due times are ISO
 * instants in UTC, so their order is their text's order. The codes of the page's requests come in a
 * second query (no SQLite-only string aggregation).
 */
export async function listReviewQueue(db: Db, filters: QueueFilters, now: Date, page: { offset: number; limit: number }): Promise<{ rows: QueueRow[]; total: number }> {
  const counted = await waiting(db, filters, now).count<{ n: number }[]>({ n: '*' }).first();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a knex row: its columns are read and typed just below
  const rows: Record<string, any>[] = await waiting(db, filters, now)
    .join('members as m', 'm.id', 'r.member_id')
    .join('organizations as o', 'o.id', 'r.organization_id')
    .leftJoin('users as a', 'a.id', 'r.assigned_to')
    .orderBy([{ column: 'r.due_at' }, { column: 'r.id' }])
    .offset(page.offset)
    .limit(page.limit)
    .select('r.id', 'r.reference_number', 'r.priority', 'r.submitted_at', 'r.due_at', 'r.assigned_to', 'a.display_name as assigned_name', 'm.first_name', 'm.last_name', 'm.member_id', 'o.name as organization_name', 'r.version');
  const ids = rows.map((r) => r.id as number);
  const lines = ids.length === 0 ? [] : await db('request_lines').whereIn('request_id', ids).orderBy(['request_id', 'line_number']).select('request_id', 'code', 'code_system');
  const marks = await queueMarks(db, ids);
  return {
    total: Number(counted?.n ?? 0),
    rows: rows.map((r) => ({
      id: r.id,
      referenceNumber: r.reference_number,
      member: { firstName: r.first_name, lastName: r.last_name, memberId: r.member_id },
      organizationName: r.organization_name,
      priority: r.priority,
      submittedAt: r.submitted_at,
      dueAt: r.due_at,
      assignedTo: r.assigned_to ? { id: r.assigned_to, name: r.assigned_name } : null,
      codes: lines.filter((l) => l.request_id === r.id).map((l) => lineCodeLabel(l.code as string, l.code_system as string)),
      marks: marks.get(r.id) ?? [],
      version: Number(r.version ?? 1),
    })),
  };
}

/** The marks of a page of the queue's requests (reviewMarks of each line), by request. */
async function queueMarks(db: Db, ids: readonly number[]): Promise<Map<number, ReviewMark[]>> {
  const marks = new Map<number, ReviewMark[]>();
  if (ids.length === 0) return marks;
  const [lines, decisions, open] = await Promise.all([
    db('request_lines').whereIn('request_id', ids).select('id', 'request_id', 'status'),
    db('line_decisions').whereIn('request_id', ids).orderBy('id').select('request_line_id', 'outcome'),
    db('reconsiderations').whereIn('request_id', ids).whereNull('decided_at').pluck('request_line_id'),
  ]);
  const latest = new Map<number, string>(decisions.map((d) => [d.request_line_id as number, d.outcome as string]));
  for (const l of lines) {
    const list = marks.get(l.request_id) ?? [];
    for (const m of reviewMarks({ status: l.status, latestOutcome: latest.get(l.id), underReconsideration: open.includes(l.id) })) if (!list.includes(m)) list.push(m);
    marks.set(l.request_id, list);
  }
  return marks;
}

export type AssignResult = 'assigned' | 'already-yours' | { takenBy: string } | 'not-found';

/**
 * Assigns a request to a reviewer, as a compare-and-set in the database: only while nobody has it, so
 * of two reviewers pressing "Assign to me" at once, one gets it and the other is told who did.
 */
export async function assignRequest(db: Db, requestId: number, userId: number, now: Date): Promise<AssignResult> {
  const updated = await db('auth_requests').where({ id: requestId }).whereNull('assigned_to').update({ assigned_to: userId, assigned_at: now.toISOString() });
  if (updated === 1) return 'assigned';
  const row = await db('auth_requests as r').leftJoin('users as u', 'u.id', 'r.assigned_to').where('r.id', requestId).first('r.assigned_to', 'u.display_name');
  if (!row) return 'not-found';
  return row.assigned_to === userId ? 'already-yours' : { takenBy: row.display_name as string };
}

/** A request as the plan finds it by its reference number (any provider organization's). */
export async function findRequestIdForPlan(db: Db, referenceNumber: string): Promise<{ id: number; organizationId: number; assignedTo: number | null; memberId: number } | undefined> {
  const row = await db('auth_requests').where({ reference_number: referenceNumber }).first('id', 'organization_id', 'assigned_to', 'member_id');
  return row ? { id: row.id, organizationId: row.organization_id, assignedTo: row.assigned_to ?? null, memberId: row.member_id } : undefined;
}

/**
 * Extends the review once (CMS-0057-F: up to 14 calendar days, with its reason): the due time moves,
 * and the history says so. Compare-and-set on there being no extension yet; false when there was one.
 */
export async function extendReview(db: Db, e: { requestId: number; days: number; reason: string; dueAt: string; userId: number; at: string }): Promise<boolean> {
  return db.transaction(async (trx) => {
    const updated = await trx('auth_requests').where({ id: e.requestId }).whereNull('extension_days').update({ extension_days: e.days, extension_reason: e.reason, due_at: e.dueAt });
    if (updated !== 1) return false;
    await trx('status_history').insert({ request_id: e.requestId, status: `Review extended by ${e.days} ${e.days === 1 ? 'day' : 'days'}`, changed_at: e.at, changed_by: e.userId, note: e.reason });
    return true;
  });
}

/**
 * A clinical reviewer refers the request to a physician reviewer: it leaves the nurse (unassigned, so a
 * physician can take it) and the history says so. Compare-and-set on the nurse still having it.
 */
export async function referToPhysician(db: Db, r: { requestId: number; userId: number; note: string; at: string }, alsoInTransaction?: (trx: Knex.Transaction) => Promise<void>): Promise<boolean> {
  return db.transaction(async (trx) => {
    const updated = await trx('auth_requests').where({ id: r.requestId, assigned_to: r.userId }).update({ assigned_to: null, assigned_at: null });
    if (updated !== 1) return false;
    await trx('status_history').insert({ request_id: r.requestId, status: 'Referred to a physician reviewer', changed_at: r.at, changed_by: r.userId, note: r.note || null });
    await alsoInTransaction?.(trx);
    return true;
  });
}
