import type { Db } from '../database';
import { isPostgres } from '../dialect';
import { LIVE_STATUSES, type SubmittedLine } from '../../domain/duplicates';

/**
 * The organization's submitted lines for a member and these codes that are still live (duplicateRequests
 * decides which overlap), leaving out one request (the one being submitted, inside its transaction).
 */
export async function liveLinesFor(db: Db, organizationId: number, memberId: number, codes: readonly string[], exceptReference?: string): Promise<SubmittedLine[]> {
  if (codes.length === 0) return [];
  const q = db('auth_requests as r')
    .join('request_lines as l', 'l.request_id', 'r.id')
    .where({ 'r.organization_id': organizationId, 'r.member_id': memberId })
    .whereIn('l.code', codes)
    .whereIn('l.status', LIVE_STATUSES)
    // A version replaced by an update is not live: its current version is.
    .whereNull('r.superseded_by')
    .orderBy(['r.id', 'l.line_number'])
    .select('r.reference_number', 'l.code', 'l.from_date', 'l.to_date', 'l.status');
  if (exceptReference) q.whereNot('r.reference_number', exceptReference);
  const rows = await q;
  return rows.map((r) => ({ referenceNumber: r.reference_number, code: r.code, fromDate: r.from_date, toDate: r.to_date, status: r.status }));
}

/**
 * Inside the transaction that stores a new request: waits for any other submit for the same member to
 * finish first, so that the duplicate check made after it sees that request. SQLite runs one writer at
 * a time already; PostgreSQL takes a transaction-scoped advisory lock on the member.
 */
export async function lockMemberForSubmit(trx: Db, memberId: number): Promise<void> {
  if (isPostgres(trx)) await trx.raw('select pg_advisory_xact_lock(?, ?)', [14, memberId]);
}

export async function recordDuplicateReason(trx: Db, referenceNumber: string, reason: string): Promise<void> {
  await trx('auth_requests').where({ reference_number: referenceNumber }).update({ duplicate_reason: reason });
}
