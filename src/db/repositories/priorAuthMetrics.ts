import type { Db } from '../database';
import { decidedAs, type DecidedAs, type RecordedRequest } from '../../domain/priorAuthMetrics';
import type { Priority } from '../../domain/reviewClock';

/**
 * The outcomes of decided reconsiderations (appeals) of the lines of requests received in [from, to), by
 * request line id: the latest decided one of each line (one per line is allowed; the latest, should a
 * plan ever record more). One query.
 */
export async function reconsiderationOutcomes(db: Db, from: Date, to: Date): Promise<ReadonlyMap<number, DecidedAs>> {
  const rows = await db('reconsiderations as c')
    .join('auth_requests as r', 'r.id', 'c.request_id')
    .where('r.submitted_at', '>=', from.toISOString())
    .where('r.submitted_at', '<', to.toISOString())
    .whereNotNull('c.outcome')
    .orderBy('c.id')
    .select('c.request_line_id', 'c.outcome');
  const outcomes = new Map<number, DecidedAs>();
  for (const row of rows) {
    const as = decidedAs(String(row.outcome));
    if (as) outcomes.set(row.request_line_id as number, as);
  }
  return outcomes;
}

/**
 * The requests received in [from, to), each with its lines' decisions oldest first, for the public
 * figures. Three queries over the year's requests (no per-request round trip).
 */
export async function listRecordedRequests(db: Db, from: Date, to: Date): Promise<RecordedRequest[]> {
  const requests = await db('auth_requests').where('submitted_at', '>=', from.toISOString()).where('submitted_at', '<', to.toISOString()).orderBy('id').select('id', 'priority', 'submitted_at', 'extension_days');
  if (requests.length === 0) return [];
  const yearRequests = () => db('auth_requests as r').where('r.submitted_at', '>=', from.toISOString()).where('r.submitted_at', '<', to.toISOString());
  const lines = await yearRequests().join('request_lines as l', 'l.request_id', 'r.id').orderBy('l.id').select('l.id', 'l.request_id');
  const decisions = await yearRequests().join('line_decisions as d', 'd.request_id', 'r.id').orderBy('d.id').select('d.request_line_id', 'd.outcome', 'd.decided_at');
  const reconsidered = await reconsiderationOutcomes(db, from, to);

  const decisionsByLine = new Map<number, { outcome: string; decidedAt: Date }[]>();
  for (const d of decisions) {
    const list = decisionsByLine.get(d.request_line_id) ?? [];
    list.push({ outcome: d.outcome, decidedAt: new Date(d.decided_at) });
    decisionsByLine.set(d.request_line_id, list);
  }
  const linesByRequest = new Map<number, number[]>();
  for (const l of lines) linesByRequest.set(l.request_id, [...(linesByRequest.get(l.request_id) ?? []), l.id]);

  return requests.map((r) => ({
    priority: r.priority as Priority,
    receivedAt: new Date(r.submitted_at),
    extended: r.extension_days !== null && r.extension_days !== undefined,
    lines: (linesByRequest.get(r.id) ?? []).map((lineId) => {
      const outcome = reconsidered.get(lineId);
      return { decisions: decisionsByLine.get(lineId) ?? [], ...(outcome ? { reconsidered: outcome } : {}) };
    }),
  }));
}
