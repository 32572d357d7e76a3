import Joi from 'joi';
import { insertMessage } from '../../../db/repositories/requestMessages';
import { formatDate } from '../../../domain/dates';
import { defaultRespondBy, MESSAGE_MAX, plainText, respondByAfterDueNote, respondByProblem } from '../../../domain/requestMessages';
import { dateInTimeZone } from '../../../domain/reviewClock';
import { dateField, requiredText, validate } from '../../../validation';
import { errorsOutcome } from '../../engine/step';
import { changedMessage, lineDecision, sendDecisions } from '../send';
import { reviewHref, waitingLines, type DecisionContext, type DecisionStep } from '../step';

const schema = Joi.object({
  informationNeeded: requiredText('information needed: what the office should send', MESSAGE_MAX),
  respondBy: dateField('respond-by date'),
});

/** Today and the decision's due date, as calendar dates in the plan's time zone. */
function planDates(ctx: DecisionContext): { today: string; dueOn: string } {
  return { today: dateInTimeZone(ctx.now, ctx.plan.timeZone), dueOn: dateInTimeZone(new Date(ctx.request.dueAt), ctx.plan.timeZone) };
}

/**
 * "Request information": what the office must send and by when; every line waiting for the plan becomes
 * "Information requested" (A4), and the request is kept as the plan's message in the conversation.
 */
export const informationStep: DecisionStep = {
  slug: 'information',
  title: 'Request information',
  view: 'plan/information',
  isComplete: () => false,
  storedValues: () => ({}),
  async viewModel(ctx) {
    const { today, dueOn } = planDates(ctx);
    return {
      decideHref: `/plan/decisions/${ctx.record.id}/lines`,
      reference: ctx.request.referenceNumber,
      respondByDefault: formatDate(defaultRespondBy(today, dueOn)),
      dueOn: formatDate(dueOn),
    };
  },
  actions: {
    async continue(ctx, body) {
      const { value, errors } = validate<{ informationNeeded: string; respondBy: string }>(schema, body);
      const { today, dueOn } = planDates(ctx);
      const late = value.respondBy && !errors.some((e) => e.field === 'respondBy') ? respondByProblem(value.respondBy, today) : undefined;
      if (late) errors.push({ field: 'respondBy', message: late });
      if (errors.length > 0) return errorsOutcome(errors);
      const lines = waitingLines(ctx);
      if (lines.length === 0) return { kind: 'redirect', to: reviewHref(ctx.request.referenceNumber) };
      const needed = plainText(value.informationNeeded);
      const result = await sendDecisions(
        ctx,
        lines.map((l) => lineDecision(ctx, l, 'Information requested', { units: null, reasonCode: null, reasonText: needed })),
        (trx) => insertMessage(trx, { requestId: ctx.request.id, authorId: ctx.user.id, authorSide: 'plan', kind: 'information-request', body: needed, respondBy: value.respondBy, createdAt: ctx.now.toISOString() }).then(() => undefined),
      );
      await ctx.audit('line-decided', { referenceNumber: ctx.request.referenceNumber, detail: result === 'recorded' ? 'information requested' : 'not recorded: decided by another reviewer' });
      if (result === 'changed') return errorsOutcome([{ field: 'informationNeeded', message: changedMessage(ctx) }]);
      const afterDue = respondByAfterDueNote(value.respondBy, dueOn) ? '&after=due' : '';
      return { kind: 'finished', to: `${reviewHref(ctx.request.referenceNumber)}?sent=information${afterDue}` };
    },
  },
};
