import type { Db } from '../database';
import { insertLineDecision, refreshRequestStatus } from './lineDecisions';

/** A line the office withdraws, as the withdraw page showed it: its decision count and status then. */
export interface LineToWithdraw {
  lineId: number;
  seenDecisions: number;
  seenStatus: string;
}

export interface Withdrawal {
  requestId: number;
  /** The office's user; empty when an API client cancels through the API (the note names the client). */
  userId: number | null;
  /** The reason in words (withdrawalNote). */
  note: string;
  at: string;
}

export type WithdrawResult = { kind: 'withdrawn'; stillWaiting: boolean } | { kind: 'changed' };

class LineChanged extends Error {}

/**
 * Withdraws lines, all or none, in one transaction: each line becomes Cancelled by a decision of the
 * office (decisions are append-only), with a compare-and-set on the line's decision count and status as
 * the page showed them. A reviewer who decided the line meanwhile wins, and nothing is withdrawn; a
 * reviewer who decides after is refused by the same compare-and-set on their side. A reconsideration
 * still open on a line ends with it. The request leaves the plan's queue when no line is pended (the
 * queue lists requests with a pended line).
 */
export async function withdrawLines(db: Db, w: Withdrawal, lines: readonly LineToWithdraw[]): Promise<WithdrawResult> {
  try {
    return await db.transaction(async (trx) => {
      for (const line of lines) {
        const updated = await trx('request_lines')
          .where({ id: line.lineId, request_id: w.requestId, decision_count: line.seenDecisions, status: line.seenStatus })
          // A version replaced by an update (issue 14) is kept as it was: its current version is the one to withdraw from.
          .whereIn('request_id', trx('auth_requests').where({ id: w.requestId }).whereNull('superseded_by').select('id'))
          .update({ decision_count: line.seenDecisions + 1, status: 'Cancelled', authorized_units: null, authorized_date: null, certification_number: null });
        if (updated !== 1) throw new LineChanged();
        const decisionId = await insertLineDecision(trx, {
          requestId: w.requestId, lineId: line.lineId, outcome: 'Cancelled', authorizedUnits: null, authorizedFrom: null, authorizedTo: null, certificationNumber: null,
          reasonCode: null, reasonText: w.note, decidedBy: w.userId, decidedByRole: 'office', rulesVersion: null, decidedAt: w.at,
        });
        await trx('reconsiderations').where({ request_line_id: line.lineId }).whereNull('decided_at').update({ outcome: 'Cancelled', decision_id: decisionId, decided_by: w.userId, decided_at: w.at });
        await trx('status_history').insert({ request_id: w.requestId, request_line_id: line.lineId, status: 'Cancelled', changed_at: w.at, changed_by: w.userId, note: w.note });
      }
      await refreshRequestStatus(trx, w.requestId);
      const waiting = await trx('request_lines').where({ request_id: w.requestId }).whereIn('status', ['Pended', 'Information requested']).first('id');
      return { kind: 'withdrawn' as const, stillWaiting: Boolean(waiting) };
    });
  } catch (err) {
    if (err instanceof LineChanged) return { kind: 'changed' };
    throw err;
  }
}
