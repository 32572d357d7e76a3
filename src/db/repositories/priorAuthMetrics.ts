import type { Db } from '../database';
import type { DecidedAs, RecordedRequest } from '../../domain/priorAuthMetrics';
import type { Priority } from '../../domain/reviewClock';

/**
 * The outcomes of decided reconsiderations (appeals), by request line id. Nothing on main records a
 * reconsideration yet (issue 12, part C builds it): until it does there are none, and the page says
 * "approved after appeal" is 0% of the standard requests decided. Part C fills this in from its table.
 */
export async function reconsiderationOutcomes(_db: Db, _requestIds: readonly number[]): Promise<ReadonlyMap<number, DecidedAs>> {
  return new Map();
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
  const reconsidered = await reconsiderationOutcomes(db, requests.map((r) => r.id as number));

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
