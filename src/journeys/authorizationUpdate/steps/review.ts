import { JourneyChangedError, markJourneySubmitted } from '../../../db/repositories/journeys';
import { changeList } from '../../../domain/authorizationUpdate';
import { formatDate } from '../../../domain/dates';
import { newVersionLines } from '../../../domain/authorizationUpdate';
import { questionnaireForAddedLine, submitAuthorizationUpdate } from '../../../services/authorizationUpdate';
import { errorsOutcome } from '../../engine/step';
import { currentLines, requestHref, type UpdateContext, type UpdateStep } from '../step';

/** The added lines whose code asks clinical questions: each with the Document Clinical page and where its answers stand. */
async function clinicalQuestions(ctx: UpdateContext) {
  const rows = [];
  for (const l of newVersionLines(currentLines(ctx), ctx.journey.changes, ctx.journey.added).filter((n) => n.kind === 'new')) {
    const questionnaire = await questionnaireForAddedLine(ctx.db, ctx.request, l.code);
    if (!questionnaire) continue;
    const saved = ctx.journey.clinical?.[l.code];
    const answered = saved?.questionnaireId === questionnaire.id ? saved : undefined;
    rows.push({
      id: `line-${l.lineNumber}`,
      code: l.code,
      line: `Line ${l.lineNumber} (${l.code}): ${questionnaire.title}`,
      state: !answered ? 'Not answered yet' : answered.criteriaMet ? 'Answered: the criteria are met' : 'Answered: the criteria are not met, so the line goes to the plan for review',
      href: `/prior-auth/updates/${ctx.record.id}/document-clinical/${encodeURIComponent(l.code)}`,
      label: answered ? 'Change clinical answers' : 'Document Clinical',
    });
  }
  return rows;
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
