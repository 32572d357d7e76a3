import { decisionProblems, reconsiderationReviewerProblem, type DecidedOutcome, type DecisionProblem } from '../../../domain/lineDecisions';
import { formatDate, parseDate } from '../../../domain/dates';
import { formatInTimeZone, timeLeft } from '../../../domain/reviewClock';
import { textOf, type FieldError } from '../../../validation';
import { errorsOutcome, type Action } from '../../engine/step';
import type { ProposedLineDecision } from '../journey';
import { changedMessage, lineDecision, sendDecisions } from '../send';
import { reviewHref, waitingLines, type DecisionContext, type DecisionStep } from '../step';

const OUTCOME_OF: Record<string, DecidedOutcome> = { approve: 'Approved', partial: 'Partially approved', deny: 'Denied' };

type WaitingLine = ReturnType<typeof waitingLines>[number];

/** The form's field for a problem of decisionProblems, line by line. */
function fieldOf(problem: DecisionProblem, lineNumber: number): string {
  if (problem.field === 'reasonCode') return `reasonCode-${lineNumber}`;
  if (problem.field === 'reasonText') return `reasonText-${lineNumber}`;
  if (problem.field === 'fromDate') return `authorizedFrom-${lineNumber}`;
  if (problem.field === 'toDate') return `authorizedTo-${lineNumber}`;
  return `units-${lineNumber}`;
}

/** A date of the authorized period as typed: empty means the day requested; null when it is not a date. */
function typedDate(body: Record<string, unknown>, field: string, requested: string): string | null {
  const typed = textOf(body[field]).trim().slice(0, 20);
  return typed === '' ? requested : parseDate(typed);
}

/** One line's decision as typed for it, checked with decisionProblems: the proposal, or the fields in error. */
function proposalFor(ctx: DecisionContext, line: WaitingLine, outcome: DecidedOutcome, typed: { units: string; reasonCode: string; reasonText: string; from: string | null; to: string | null }): { proposal: ProposedLineDecision; problems: DecisionProblem[] } {
  const n = line.lineNumber;
  // Empty units are the units asked for (a partial approval may shorten the period only); a denial authorizes nothing.
  const units = outcome === 'Denied' ? 0 : typed.units === '' ? line.units : /^\d{1,6}$/.test(typed.units) ? Number(typed.units) : Number.NaN;
  const fromDate = outcome === 'Denied' ? line.fromDate : (typed.from ?? line.fromDate);
  const toDate = outcome === 'Denied' ? line.toDate : (typed.to ?? line.toDate);
  const proposal: ProposedLineDecision = { outcome, units, reasonCode: typed.reasonCode, reasonText: typed.reasonText, ...(outcome === 'Denied' ? {} : { fromDate, toDate }) };
  const role = ctx.user.role === 'physician_reviewer' ? 'physician_reviewer' : 'clinical_reviewer';
  // A reconsideration is decided by a physician other than the one who made the decision contested.
  const reconsidered = ctx.reconsiderations.find((r) => r.lineId === line.id);
  const reviewerProblem = reconsidered ? reconsiderationReviewerProblem({ id: ctx.user.id, role }, reconsidered.contestedBy ?? -1) : undefined;
  if (reviewerProblem) return { proposal, problems: [{ field: 'outcome', message: `Line ${n}: ${reviewerProblem}` }] };
  const problems: DecisionProblem[] = [];
  if (outcome !== 'Denied' && typed.from === null) problems.push({ field: 'fromDate', message: `Line ${n}: enter the authorized from date as a real date, like ${formatDate(line.fromDate)}` });
  if (outcome !== 'Denied' && typed.to === null) problems.push({ field: 'toDate', message: `Line ${n}: enter the authorized to date as a real date, like ${formatDate(line.toDate)}` });
  // A date that is not one is said alone: the checks against the period asked need real dates.
  if (problems.length === 0) problems.push(...decisionProblems({ ...proposal, fromDate, toDate }, { lineNumber: n, units: line.units, fromDate: line.fromDate, toDate: line.toDate }, role, ctx.reasons.map((r) => r.code)));
  return { proposal, problems };
}

/** "Approve", "Partially approve" or "Deny" on one line ("approve:2"), or on all ("approve:all"): checked, then kept in the journey until it is sent. */
function decideLine(kind: string): Action<DecisionContext> {
  return async (ctx, body, arg) => {
    if (arg === 'all') return decideAllLines(kind)(ctx, body, arg);
    const outcome = OUTCOME_OF[kind];
    const line = waitingLines(ctx).find((l) => String(l.lineNumber) === arg);
    if (!outcome || !line) return errorsOutcome([{ field: 'lines', message: 'That line is not waiting for a decision' }]);
    const n = line.lineNumber;
    const { proposal, problems } = proposalFor(ctx, line, outcome, {
      units: textOf(body[`units-${n}`]).trim(),
      reasonCode: textOf(body[`reasonCode-${n}`]),
      reasonText: textOf(body[`reasonText-${n}`]).trim().slice(0, 2000),
      from: typedDate(body, `authorizedFrom-${n}`, line.fromDate),
      to: typedDate(body, `authorizedTo-${n}`, line.toDate),
    });
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
 * "Approve all lines" or "Deny all lines": one outcome and one reason for every line waiting, each
 * line still checked on its own (a line's problem is named by its number). All or nothing.
 */
function decideAllLines(kind: string): Action<DecisionContext> {
  return async (ctx, body) => {
    const outcome = OUTCOME_OF[kind];
    const lines = waitingLines(ctx);
    if (!outcome || kind === 'partial' || lines.length === 0) return errorsOutcome([{ field: 'apply-all', message: 'Choose Approve all lines or Deny all lines' }]);
    const reason = { units: '', reasonCode: textOf(body['reasonCode-all']), reasonText: textOf(body['reasonText-all']).trim().slice(0, 2000) };
    const results = lines.map((line) => ({ line, ...proposalFor(ctx, line, outcome, { ...reason, from: line.fromDate, to: line.toDate }) }));
    const errors: FieldError[] = [];
    for (const { problems } of results) {
      for (const p of problems) {
        const field = p.field === 'reasonCode' ? 'reasonCode-all' : p.field === 'reasonText' ? 'reasonText-all' : 'apply-all';
        // The same problem on every line is said once, for all of them.
        const message = p.field === 'reasonCode' || p.field === 'reasonText' ? p.message.replace(/^Line \d+:/, 'All lines:') : p.message;
        if (!errors.some((e) => e.field === field)) errors.push({ field, message });
      }
    }
    if (errors.length > 0) return errorsOutcome(errors);
    for (const { line, proposal } of results) ctx.journey.proposals[String(line.lineNumber)] = proposal;
    return { kind: 'stay', anchor: 'all-lines' };
  };
}

/** What the reviewer chose for a line, in words: "Partially approved, 2 units, 03/02/2026 to 03/05/2026". */
function chosenWords(p: ProposedLineDecision, line: WaitingLine): string {
  if (p.outcome === 'Denied') return p.outcome;
  const shorter = (p.fromDate ?? line.fromDate) !== line.fromDate || (p.toDate ?? line.toDate) !== line.toDate;
  return `${p.outcome}, ${p.units} ${p.units === 1 ? 'unit' : 'units'}${shorter ? `, ${formatDate(p.fromDate ?? line.fromDate)} to ${formatDate(p.toDate ?? line.toDate)}` : ''}`;
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
      values[`authorizedFrom-${n}`] = p.fromDate ? formatDate(p.fromDate) : '';
      values[`authorizedTo-${n}`] = p.toDate ? formatDate(p.toDate) : '';
    }
    return values;
  },

  async viewModel(ctx) {
    const { request, journey, plan, now } = ctx;
    // The page shows the member and the lines: every plan user's view of a request is in the audit log.
    await ctx.audit('request-reviewed', { detail: 'decision page' });
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
          fromDate: formatDate(l.fromDate),
          toDate: formatDate(l.toDate),
          chosen: p ? chosenWords(p, l) : '',
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
        return lineDecision(ctx, l, p.outcome, { units: p.units, reasonCode: p.reasonCode, reasonText: p.reasonText, period: p.fromDate && p.toDate ? { from: p.fromDate, to: p.toDate } : undefined });
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
