import type { Knex } from 'knex';
import type { Db } from '../database';
import { insertMessage, type NewMessage } from './requestMessages';
import { refreshRequestStatus } from './lineDecisions';

export interface ReconsiderationRecord {
  id: number;
  lineId: number;
  requestedAt: string;
  dueAt: string;
  contestedOutcome: string;
  /** Who made the decision contested: a different physician decides the reconsideration. Empty for the coverage rules. */
  contestedBy: number | null;
  outcome: string | null;
  decidedAt: string | null;
}

/** Every reconsideration asked for on a request's lines, decided or not. */
export async function listReconsiderations(db: Db, requestId: number): Promise<ReconsiderationRecord[]> {
  const rows = await db('reconsiderations').where({ request_id: requestId }).orderBy('id');
  return rows.map((r) => ({
    id: r.id,
    lineId: r.request_line_id,
    requestedAt: r.requested_at,
    dueAt: r.due_at,
    contestedOutcome: r.contested_outcome,
    contestedBy: r.contested_by ?? null,
    outcome: r.outcome ?? null,
    decidedAt: r.decided_at ?? null,
  }));
}

/** A line the office asks to have reconsidered, with the decision it contests as the office's page read it. */
export interface ContestedLine {
  lineId: number;
  decisionCount: number;
  decisionId: number;
  outcome: string;
  decidedBy: number | null;
}

export class ReconsiderationRefused extends Error {}

/**
 * Records a request for reconsideration, in the transaction that stores its attachments: the office's
 * message, then per line the reconsideration (compare-and-set on the line's decision count, so a line
 * decided again meanwhile is refused) and the line back to the plan (Pended, marked "reconsideration").
 * The request is due again on the same timeframes from this receipt, and is unassigned so that another
 * physician can take it.
 */
export async function recordReconsiderationRequest(trx: Knex.Transaction, m: NewMessage, attachmentIds: readonly number[], lines: readonly ContestedLine[], dueAt: string): Promise<void> {
  const messageId = await insertMessage(trx, m, attachmentIds);
  for (const line of lines) {
    const updated = await trx('request_lines').where({ id: line.lineId, request_id: m.requestId, decision_count: line.decisionCount, status: line.outcome }).update({ status: 'Pended' });
    if (updated !== 1) throw new ReconsiderationRefused('A line of this request changed while you were asking: look at its decision again');
    await trx('reconsiderations').insert({
      request_id: m.requestId,
      request_line_id: line.lineId,
      message_id: messageId,
      requested_by: m.authorId,
      requested_at: m.createdAt,
      due_at: dueAt,
      contested_decision_id: line.decisionId,
      contested_outcome: line.outcome,
      contested_by: line.decidedBy,
    });
    await trx('status_history').insert({ request_id: m.requestId, request_line_id: line.lineId, status: 'Reconsideration requested', changed_at: m.createdAt, changed_by: m.authorId, note: null });
  }
  await trx('auth_requests').where({ id: m.requestId }).update({ due_at: dueAt, assigned_to: null, assigned_at: null });
  await refreshRequestStatus(trx, m.requestId);
}
