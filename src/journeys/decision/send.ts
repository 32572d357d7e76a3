import type { Knex } from 'knex';
import { JourneyChangedError, markJourneySubmitted } from '../../db/repositories/journeys';
import { recordLineDecisions, type NewLineDecision, type RecordResult } from '../../db/repositories/lineDecisions';
import { raiseNotice } from '../../db/repositories/notices';
import { certificationNumber, type LineOutcome } from '../../domain/lineDecisions';
import { noticeKindFor } from '../../domain/notices';
import { isReviewer } from '../../domain/roles';
import type { DecisionContext } from './step';

/** One line's decision as it is recorded: the reviewer, their role, the time; the period authorized (the one asked for unless shorter), none when denied. */
export function lineDecision(ctx: DecisionContext, line: DecisionContext['request']['lines'][number], outcome: LineOutcome, details: { units: number | null; reasonCode: string | null; reasonText: string | null; period?: { from: string; to: string } }): NewLineDecision {
  const role = ctx.user.role;
  if (!isReviewer(role)) throw new Error('only a plan reviewer records a decision');
  const authorized = outcome === 'Approved' || outcome === 'Partially approved';
  return {
    requestId: ctx.request.id,
    lineId: line.id,
    outcome,
    authorizedUnits: authorized ? details.units : null,
    authorizedFrom: authorized ? (details.period?.from ?? line.fromDate) : null,
    authorizedTo: authorized ? (details.period?.to ?? line.toDate) : null,
    certificationNumber: authorized ? certificationNumber(ctx.request.authorizationNumber, line.lineNumber) : null,
    reasonCode: details.reasonCode || null,
    reasonText: details.reasonText || null,
    decidedBy: ctx.user.id,
    decidedByRole: role,
    rulesVersion: null,
    decidedAt: ctx.now.toISOString(),
  };
}

/**
 * Records decisions, tells the office (a notice and its e-mails) and ends the decision journey, in one
 * transaction: a notice exists exactly when the decision does. The lines are compared against the
 * decision counts seen when the journey started: if another reviewer decided one meanwhile, nothing is
 * recorded.
 */
export async function sendDecisions(ctx: DecisionContext, decisions: readonly NewLineDecision[], alsoInTransaction?: (trx: Knex.Transaction) => Promise<void>): Promise<RecordResult> {
  // A line the office withdrew since the journey started is no longer waiting, so it is not among the
  // decisions: sending the others would half-apply what the reviewer decided. Nothing is sent.
  if (withdrawnSince(ctx).length > 0) return 'changed';
  try {
    return await recordLineDecisions(
      ctx.db,
      decisions.map((decision) => {
        const line = ctx.request.lines.find((l) => l.id === decision.lineId);
        return { decision, seen: ctx.journey.seen[String(line?.lineNumber)] ?? -1 };
      }),
      async (trx) => {
        await alsoInTransaction?.(trx);
        await raiseNotice(trx, { organizationId: ctx.request.organizationId, requestId: ctx.request.id, kind: noticeKindFor(decisions.map((d) => d.outcome)), at: ctx.now.toISOString() });
        await markJourneySubmitted(trx, ctx.record.id, ctx.record.version, ctx.request.referenceNumber, ctx.now);
      },
    );
  } catch (err) {
    // The reviewer's own other tab changed this decision meanwhile: nothing was recorded.
    if (err instanceof JourneyChangedError) return 'changed';
    throw err;
  }
}

export const CHANGED_MESSAGE = 'Another reviewer decided a line of this request while you were deciding it, so your decision was not sent. The request now shows their decision.';

/** Lines the office withdrew (Cancelled) since the reviewer started deciding. */
export function withdrawnSince(ctx: Pick<DecisionContext, 'request' | 'journey'>): number[] {
  return ctx.request.lines.filter((l) => l.status === 'Cancelled' && l.decisionCount !== ctx.journey.seen[String(l.lineNumber)]).map((l) => l.lineNumber);
}

/** What the reviewer is told when their decision was not sent: the office withdrew a line, or another reviewer decided one. */
export function changedMessage(ctx: Pick<DecisionContext, 'request' | 'journey'>): string {
  // The office updated the authorization first (issue 14): the lines now wait as its new version.
  if (ctx.request.supersededById !== null) return 'The office updated this request (a new version of the authorization) while you were deciding it, so your decision was not sent. Decide the new version from the queue.';
  const withdrawn = withdrawnSince(ctx);
  if (withdrawn.length === 0) return CHANGED_MESSAGE;
  const which = `${withdrawn.length === 1 ? 'line' : 'lines'} ${withdrawn.join(', ')}`;
  return `The office withdrew ${which} of this request while you were deciding it, so your decision was not sent. The request now shows the ${withdrawn.length === 1 ? 'line' : 'lines'} as cancelled.`;
}
