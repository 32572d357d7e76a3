import { JourneyChangedError, markJourneySubmitted } from '../../../db/repositories/journeys';
import { changeList } from '../../../domain/authorizationUpdate';
import { formatDate } from '../../../domain/dates';
import { submitAuthorizationUpdate } from '../../../services/authorizationUpdate';
import { errorsOutcome } from '../../engine/step';
import { currentLines, requestHref, type UpdateContext, type UpdateStep } from '../step';
import { clinicalLines, updateClinicalHref } from './documentClinical';

/** The added or changed lines whose rule asks clinical questions not yet answered: each with the Document Clinical page and where its answers stand. */
async function clinicalQuestions(ctx: UpdateContext) {
  return (await clinicalLines(ctx)).map(({ line, questionnaire, given }) => ({
    id: `line-${line.lineNumber}`,
    line: `Line ${line.lineNumber} (${line.code}): ${questionnaire.title}`,
    which: `line ${line.lineNumber} (${line.code})`,
    state: !given ? 'Not answered yet' : given.met ? 'Answered: the criteria are met' : 'Answered: the criteria are not met, so the line goes to the plan for review',
    href: updateClinicalHref(ctx.record.id, line.lineNumber),
    label: given ? 'Change clinical answers' : 'Document Clinical',
  }));
}

/**
 * Check the update: each change against the current authorization ("units 25 -> 30", "end date
 * 12/31/2026 -> 03/31/2027", "new line", "cancelled"), then "Submit update", which makes the new
 * version (submitAuthorizationUpdate) and marks the journey sent in the same transaction.
 */
export const reviewStep: UpdateStep = {
  slug: 'review',
  title: 'Check the update',
  view: 'priorAuth/update/review',
  isComplete: () => false,
  storedValues: () => ({}),

  async viewModel(ctx) {
    return {
      heading: `Check the update to request ${ctx.request.referenceNumber}`,
      authorizationNumber: ctx.request.authorizationNumber,
      changes: changeList(currentLines(ctx), ctx.journey.changes, ctx.journey.added).map((e) => ({ line: `Line ${e.lineNumber} (${e.code})`, changes: e.changes })),
      current: ctx.request.lines.map((l) => `Line ${l.lineNumber} (${l.code}): ${l.units} ${l.units === 1 ? 'unit' : 'units'}, ${formatDate(l.fromDate)} to ${formatDate(l.toDate)}, ${l.status.toLowerCase()}`),
      clinical: await clinicalQuestions(ctx),
      linesHref: `/prior-auth/updates/${ctx.record.id}/lines`,
      addHref: `/prior-auth/updates/${ctx.record.id}/add-lines`,
      cancelHref: `/prior-auth/updates/${ctx.record.id}/cancel`,
    };
  },

  actions: {
    async submit(ctx) {
      const now = new Date();
      try {
        const result = await submitAuthorizationUpdate(ctx.db, {
          organizationId: ctx.user.organizationId,
          reference: ctx.journey.reference,
          seen: ctx.journey.seen,
          changes: ctx.journey.changes,
          added: ctx.journey.added,
          clinical: ctx.journey.clinical,
          submissionKey: ctx.record.id,
          submitter: { userId: ctx.user.id },
          now,
          alsoInTransaction: (trx, reference) => markJourneySubmitted(trx, ctx.record.id, ctx.record.version, reference, now),
        });
        if (result.kind === 'submitted') {
          await ctx.audit('authorization-update-submitted', { referenceNumber: result.referenceNumber, detail: `update of ${ctx.journey.reference}: ${changeList(currentLines(ctx), ctx.journey.changes, ctx.journey.added).length} lines` });
          return { kind: 'finished', to: `${requestHref(result.referenceNumber)}/submitted` };
        }
        if (result.kind === 'not-found') return { kind: 'finished', to: requestHref(ctx.journey.reference) };
        if (result.kind === 'changed') return errorsOutcome([{ field: 'changes', message: result.message }]);
        return errorsOutcome(result.problems.map((p) => ({ field: 'changes', message: p.message })));
      } catch (err) {
        // Another tab changed this update while it was being sent: nothing was stored.
        if (err instanceof JourneyChangedError) return { kind: 'conflict' };
        throw err;
      }
    },
  },
};
