import { findMemberById } from '../../../db/repositories/members';
import { changedPeriodProblems, lineFields, lineRefusal, readLineChanges } from '../../../domain/authorizationUpdate';
import { formatDate } from '../../../domain/dates';
import { errorsOutcome } from '../../engine/step';
import { currentLines, requestHref, type UpdateStep } from '../step';

/**
 * The lines of the current version, each with its new total units, its end date (to extend it) and
 * "Cancel this line", prefilled from the authorization. A denied or cancelled line shows why it cannot
 * change, with the way to ask again (Copy to a new request).
 */
export const linesStep: UpdateStep = {
  slug: 'lines',
  title: 'Change the lines',
  view: 'priorAuth/update/lines',
  isComplete: (journey) => journey.linesConfirmed,

  storedValues(journey) {
    // The lines are the context's, not the journey's: viewModel fills in what is not stored here.
    const values: Record<string, string> = {};
    for (const [n, c] of Object.entries(journey.changes)) {
      const f = lineFields(Number(n));
      if (c.units !== undefined) values[f.units] = String(c.units);
      if (c.toDate !== undefined) values[f.toDate] = formatDate(c.toDate);
      if (c.cancel) values[f.cancel] = 'yes';
    }
    return values;
  },

  async viewModel(ctx, form) {
    const copyHref = `${requestHref(ctx.request.referenceNumber)}/copy`;
    return {
      heading: `Update or extend request ${ctx.request.referenceNumber}`,
      authorizationNumber: ctx.request.authorizationNumber,
      copyHref,
      lines: ctx.request.lines.map((l) => {
        const f = lineFields(l.lineNumber);
        return {
          lineNumber: l.lineNumber,
          code: l.code,
          description: l.description ?? '',
          status: l.status,
          period: `${formatDate(l.fromDate)} to ${formatDate(l.toDate)}`,
          units: l.units,
          refusal: lineRefusal(l),
          fields: f,
          unitsValue: form.values[f.units] ?? String(l.units),
          toDateValue: form.values[f.toDate] ?? formatDate(l.toDate),
          cancelChecked: form.values[f.cancel] === 'yes',
        };
      }),
    };
  },

  actions: {
    async continue(ctx, body) {
      const { changes, problems } = readLineChanges(currentLines(ctx), body);
      if (problems.length > 0) return errorsOutcome(problems);
      // An end date moved is checked against the member's eligibility, as the wizard checks its dates.
      const member = await findMemberById(ctx.db, ctx.request.memberId);
      const outside = member ? changedPeriodProblems(member, currentLines(ctx), changes) : [];
      if (outside.length > 0) return errorsOutcome(outside);
      ctx.journey.changes = changes;
      ctx.journey.linesConfirmed = true;
      return { kind: 'next' };
    },
  },
};
