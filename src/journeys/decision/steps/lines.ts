import { decisionProblems, reconsiderationReviewerProblem, type DecidedOutcome, type DecisionProblem } from '../../../domain/lineDecisions';
import { formatDate } from '../../../domain/dates';
import { formatInTimeZone, timeLeft } from '../../../domain/reviewClock';
import { textOf, type FieldError } from '../../../validation';
import { errorsOutcome, type Action } from '../../engine/step';
import type { ProposedLineDecision } from '../journey';
import { changedMessage, lineDecision, sendDecisions } from '../send';
import { reviewHref, waitingLines, type DecisionContext, type DecisionStep } from '../step';

const OUTCOME_OF: Record<string, DecidedOutcome> = { approve: 'Approved', partial: 'Partially approved', deny: 'Denied' };

/** The form's field for a problem of decisionProblems, line by line. */
function fieldOf(problem: DecisionProblem, lineNumber: number): string {
  if (problem.field === 'reasonCode') return `reasonCode-${lineNumber}`;
  if (problem.field === 'reasonText') return `reasonText-${lineNumber}`;
  return `units-${lineNumber}`;
}

/** "Approve", "Partially approve" or "Deny" on one line: checked with decisionProblems, then kept in the journey until it is sent. */
function decideLine(kind: string): Action<DecisionContext> {
  return async (ctx, body, arg) => {
    const outcome = OUTCOME_OF[kind];
    const line = waitingLines(ctx).find((l) => String(l.lineNumber) === arg);
    if (!outcome || !line) return errorsOutcome([{ field: 'lines', message: 'That line is not waiting for a decision' }]);
    const n = line.lineNumber;
    const role = ctx.user.role === 'physician_reviewer' ? 'physician_reviewer' : 'clinical_reviewer';
    // A reconsideration is decided by a physician other than the one who made the decision contested.
    const reconsidered = ctx.reconsiderations.find((r) => r.lineId === line.id);
    const reviewerProblem = reconsidered ? reconsiderationReviewerProblem({ id: ctx.user.id, role }, reconsidered.contestedBy ?? -1) : undefined;
    if (reviewerProblem) return errorsOutcome([{ field: `units-${n}`, message: `Line ${n}: ${reviewerProblem}` }]);
    const typed = textOf(body[`units-${n}`]).trim();
    // Approving in full authorizes what was asked; a denial authorizes nothing.
    const units = outcome === 'Denied' ? 0 : typed === '' && outcome === 'Approved' ? line.units : /^\d{1,6}$/.test(typed) ? Number(typed) : Number.NaN;
    const proposal: ProposedLineDecision = { outcome, units, reasonCode: textOf(body[`reasonCode-${n}`]), reasonText: textOf(body[`reasonText-${n}`]).trim().slice(0, 2000) };
    const problems = decisionProblems({ ...proposal, fromDate: line.fromDate, toDate: line.toDate }, { lineNumber: n, units: line.units, fromDate: line.fromDate, toDate: line.toDate }, role, ctx.reasons.map((r) => r.code));
    if (problems.length > 0) return errorsOutcome(problems.map((p) => ({ field: fieldOf(p, n), message: p.message })));
    ctx.journey.proposals[String(n)] = proposal;
    return { kind: 'stay', anchor: `line-${n}` };
  };
}

/** What the reviewer is told of a line under reconsideration. */
function reconsiderationNote(ctx: DecisionContext, lineId: number): string {
  const r = ctx.reconsiderations.find((x) => x.lineId === lineId);
  if (!r) return '';
  const mine = r.contestedBy === ctx.user.id;
  return `Reconsideration: the office asks the plan to reconsider its ${r.contestedOutcome === 'Denied' ? 'denial' : 'partial approval'} (received ${formatInTimeZone(new Date(r.requestedAt), ctx.plan.timeZone)}). A physician reviewer other than the one who made that decision decides it${mine ? ': you made it, so another physician must decide this line' : ''}.`;
}

/**
 * "Decide the request": each line waiting for the plan with its buttons Approve, Partially approve
 * and Deny, what has been chosen so far, and Send decision; Request information, Extend review and
 * (for a clinical reviewer) Refer to physician.
 */
export const linesStep: DecisionStep = {
  slug: 'lines',
  title: 'Decide the request',
  view: 'plan/decide',
  isComplete: () => false,

  storedValues(journey) {
    const values: Record<string, string> = {};
    for (const [n, p] of Object.entries(journey.proposals)) {
      values[`units-${n}`] = p.outcome === 'Denied' ? '' : String(p.units);
      values[`reasonCode-${n}`] = p.reasonCode;
      values[`reasonText-${n}`] = p.reasonText;
    }
    return values;
  },

  async viewModel(ctx) {
    const { request, journey, plan, now } = ctx;
    const left = timeLeft(new Date(request.dueAt), now);
    return {
      heading: `Decide request ${request.referenceNumber}`,
      reviewHref: reviewHref(request.referenceNumber),
      member: `${request.member.firstName} ${request.member.lastName} (member ID ${request.member.memberId})`,
      priority: request.priority === 'expedited' ? 'Expedited' : 'Standard',
      due: formatInTimeZone(new Date(request.dueAt), plan.timeZone),
      timeLeft: left.words,
      overdue: left.overdue,
      physician: ctx.user.role === 'physician_reviewer',
      reasons: ctx.reasons.map((r) => ({ value: r.code, text: r.reason })),
      lines: waitingLines(ctx).map((l) => {
        const p = journey.proposals[String(l.lineNumber)];
        return {
          n: l.lineNumber,
          code: l.code,
          description: l.description ?? '',
          units: l.units,
          period: `${formatDate(l.fromDate)} to ${formatDate(l.toDate)}`,
          reconsideration: reconsiderationNote(ctx, l.id),
          chosen: p ? `${p.outcome}${p.outcome === 'Denied' ? '' : `, ${p.units} ${p.units === 1 ? 'unit' : 'units'}`}` : '',
        };
      }),
    };
  },

  actions: {
    approve: decideLine('approve'),
    partial: decideLine('partial'),
    deny: decideLine('deny'),

    async send(ctx) {
      const lines = waitingLines(ctx);
      const missing: FieldError[] = lines.filter((l) => !ctx.journey.proposals[String(l.lineNumber)]).map((l) => ({ field: `units-${l.lineNumber}`, message: `Line ${l.lineNumber}: choose Approve, Partially approve or Deny` }));
      if (lines.length === 0) {
        // Every line was decided since this page was read: by another reviewer, if this one had chosen anything.
        if (Object.keys(ctx.journey.proposals).length > 0) return errorsOutcome([{ field: 'lines', message: changedMessage(ctx) }]);
        return { kind: 'redirect', to: reviewHref(ctx.request.referenceNumber) };
      }
      if (missing.length > 0) return errorsOutcome(missing);
      const decisions = lines.map((l) => {
        const p = ctx.journey.proposals[String(l.lineNumber)] as ProposedLineDecision;
        return lineDecision(ctx, l, p.outcome, { units: p.units, reasonCode: p.reasonCode, reasonText: p.reasonText });
      });
      const result = await sendDecisions(ctx, decisions);
      await ctx.audit('line-decided', { referenceNumber: ctx.request.referenceNumber, detail: result === 'recorded' ? `${decisions.length} lines` : 'not recorded: decided by another reviewer' });
      if (result === 'changed') return errorsOutcome([{ field: 'lines', message: changedMessage(ctx) }]);
      return { kind: 'finished', to: `${reviewHref(ctx.request.referenceNumber)}?sent=decision` };
    },

    async information(ctx) {
      return { kind: 'redirect', to: `/plan/decisions/${ctx.record.id}/information` };
    },

    async extend(ctx) {
      return { kind: 'redirect', to: `/plan/decisions/${ctx.record.id}/extend` };
    },

    async refer(ctx) {
      if (ctx.user.role !== 'clinical_reviewer') return errorsOutcome([{ field: 'lines', message: 'Only a clinical reviewer refers a request to a physician' }]);
      return { kind: 'redirect', to: `/plan/decisions/${ctx.record.id}/refer` };
    },
  },
};
