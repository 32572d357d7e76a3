import type { Knex } from 'knex';
import type { Db } from '../database';
import { insertedId } from '../results';
import type { LineOutcome } from '../../domain/lineDecisions';
import { requestStatusFrom } from '../../domain/lineDecisions';

/** Who made a decision: a reviewer by role, the coverage rules at submit, or the office withdrawing a line (Cancelled). */
export type DeciderRole = 'clinical_reviewer' | 'physician_reviewer' | 'coverage-rules' | 'office';

/** What a decision says of a line, as recorded and as read back. */
interface DecisionTerms {
  outcome: LineOutcome;
  authorizedUnits: number | null;
  authorizedFrom: string | null;
  authorizedTo: string | null;
  certificationNumber: string | null;
  reasonCode: string | null;
  reasonText: string | null;
}

export interface NewLineDecision extends DecisionTerms {
  requestId: number;
  lineId: number;
  decidedBy: number | null;
  decidedByRole: DeciderRole;
  rulesVersion: string | null;
  decidedAt: string;
}

/** The request's status again from its lines' (requestStatusFrom), after a line's status changed. */
export async function refreshRequestStatus(trx: Knex.Transaction, requestId: number): Promise<void> {
  const statuses = await trx('request_lines').where({ request_id: requestId }).pluck('status');
  await trx('auth_requests').where({ id: requestId }).update({ status: requestStatusFrom(statuses as LineOutcome[]) });
}

/** Appends a decision (decisions are never changed: a correction is a new one) and returns its id. */
export async function insertLineDecision(trx: Knex | Knex.Transaction, d: NewLineDecision): Promise<number> {
  return insertedId(await trx('line_decisions').insert({
    request_id: d.requestId,
    request_line_id: d.lineId,
    outcome: d.outcome,
    authorized_units: d.authorizedUnits,
    authorized_from: d.authorizedFrom,
    authorized_to: d.authorizedTo,
    certification_number: d.certificationNumber,
    reason_code: d.reasonCode,
    reason_text: d.reasonText,
    decided_by: d.decidedBy,
    decided_by_role: d.decidedByRole,
    rules_version: d.rulesVersion,
    decided_at: d.decidedAt,
  }).returning('id'));
}

export interface LineDecisionRecord extends DecisionTerms {
  id: number;
  lineId: number;
  lineNumber: number;
  /** OpenPA's plain words for the reason code. */
  reasonCodeText: string | null;
  decidedByRole: DeciderRole;
  /** The reviewer's user id (empty for the coverage rules): which decisions were sent together. */
  decidedBy: number | null;
  /** The reviewer's name: for the plan's pages only, never shown to the office. */
  decidedByName: string | null;
  decidedAt: string;
  /** A decision carried unchanged into this version by an update (issue 14): the version that recorded it, whose letter it is. */
  carriedFrom: { version: number; referenceNumber: string } | null;
}

/** Every decision on a request's lines, oldest first: the history, and each line's latest. */
export async function listLineDecisions(db: Db, requestId: number): Promise<LineDecisionRecord[]> {
  const rows = await db('line_decisions as d')
    .join('request_lines as l', 'l.id', 'd.request_line_id')
    .leftJoin('users as u', 'u.id', 'd.decided_by')
    .leftJoin('decision_reasons as r', 'r.code', 'd.reason_code')
    .leftJoin('line_decisions as o', 'o.id', 'd.carried_from_id')
    .leftJoin('auth_requests as ro', 'ro.id', 'o.request_id')
    .where('d.request_id', requestId)
    .orderBy('d.id')
    .select('d.*', 'l.line_number', 'u.display_name', 'r.reason as reason_code_text', 'ro.version as carried_from_version', 'ro.reference_number as carried_from_reference');
  return rows.map((r) => ({
    id: r.id,
    lineId: r.request_line_id,
    lineNumber: r.line_number,
    outcome: r.outcome,
    authorizedUnits: r.authorized_units ?? null,
    authorizedFrom: r.authorized_from ?? null,
    authorizedTo: r.authorized_to ?? null,
    certificationNumber: r.certification_number ?? null,
    reasonCode: r.reason_code ?? null,
    reasonCodeText: r.reason_code_text ?? null,
    reasonText: r.reason_text ?? null,
    decidedByRole: r.decided_by_role,
    decidedBy: r.decided_by ?? null,
    decidedByName: r.display_name ?? null,
    decidedAt: r.decided_at,
    carriedFrom: r.carried_from_reference ? { version: Number(r.carried_from_version), referenceNumber: r.carried_from_reference } : null,
  }));
}

/** The latest decision of each line, by line number. */
export function latestByLine(decisions: readonly LineDecisionRecord[]): Map<number, LineDecisionRecord> {
  const latest = new Map<number, LineDecisionRecord>();
  for (const d of decisions) latest.set(d.lineNumber, d);
  return latest;
}

export type RecordResult = 'recorded' | 'changed';

/** A decision on a line under reconsideration is the reconsideration's outcome (a request for information is not). */
async function closeReconsideration(trx: Knex.Transaction, decision: NewLineDecision, decisionId: number): Promise<void> {
  if (decision.outcome !== 'Approved' && decision.outcome !== 'Partially approved' && decision.outcome !== 'Denied') return;
  await trx('reconsiderations')
    .where({ request_line_id: decision.lineId })
    .whereNull('decided_at')
    .update({ outcome: decision.outcome, decision_id: decisionId, decided_by: decision.decidedBy, decided_at: decision.decidedAt });
}

class LineChanged extends Error {}

/**
 * Records decisions on lines of one request, all or none, each as a compare-and-set: a line is
 * decided only if it has had exactly `seen` decisions, i.e. nobody decided it since the reviewer
 * opened it. Of two reviewers deciding the same line at once, one records and the other is told it
 * changed. Each line's current outcome, authorized units and certification number, and the request's
 * status (requestStatusFrom its lines), are kept beside the history for the pages that list requests.
 */
export async function recordLineDecisions(
  db: Db,
  decisions: readonly { decision: NewLineDecision; seen: number }[],
  /** More to write in the same transaction (the decision journey marked as sent). */
  alsoInTransaction?: (trx: Knex.Transaction) => Promise<void>,
): Promise<RecordResult> {
  try {
    await db.transaction(async (trx) => {
      for (const { decision, seen } of decisions) {
        const updated = await trx('request_lines')
          .where({ id: decision.lineId, request_id: decision.requestId, decision_count: seen })
          // A version replaced by an update (issue 14) is kept as it was: its lines are decided in the current version.
          .whereIn('request_id', trx('auth_requests').where({ id: decision.requestId }).whereNull('superseded_by').select('id'))
          .update({
            decision_count: seen + 1,
            status: decision.outcome,
            authorized_units: decision.authorizedUnits,
            authorized_date: decision.authorizedUnits !== null ? decision.decidedAt.slice(0, 10) : null,
            certification_number: decision.certificationNumber,
          });
        if (updated !== 1) throw new LineChanged();
        const decisionId = await insertLineDecision(trx, decision);
        await closeReconsideration(trx, decision, decisionId);
        await trx('status_history').insert({
          request_id: decision.requestId,
          request_line_id: decision.lineId,
          status: decision.outcome,
          changed_at: decision.decidedAt,
          changed_by: decision.decidedBy,
          note: decision.reasonText,
        });
      }
      const requestId = decisions[0]?.decision.requestId;
      if (requestId !== undefined) await refreshRequestStatus(trx, requestId);
      await alsoInTransaction?.(trx);
    });
    return 'recorded';
  } catch (err) {
    if (err instanceof LineChanged) return 'changed';
    throw err;
  }
}
