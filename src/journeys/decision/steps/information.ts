import Joi from 'joi';
import { requiredText, validate } from '../../../validation';
import { errorsOutcome } from '../../engine/step';
import { CHANGED_MESSAGE, lineDecision, sendDecisions } from '../send';
import { reviewHref, waitingLines, type DecisionStep } from '../step';

const schema = Joi.object({ informationNeeded: requiredText('information needed: what the office should send', 2000) });

/** "Request information": what the office must send; every line waiting for the plan becomes "Information requested" (A4). */
export const informationStep: DecisionStep = {
  slug: 'information',
  title: 'Request information',
  view: 'plan/information',
  isComplete: () => false,
  storedValues: () => ({}),
  async viewModel(ctx) {
    return { decideHref: `/plan/decisions/${ctx.record.id}/lines`, reference: ctx.request.referenceNumber };
  },
  actions: {
    async continue(ctx, body) {
      const { value, errors } = validate<{ informationNeeded: string }>(schema, body);
      if (errors.length > 0) return errorsOutcome(errors);
      const lines = waitingLines(ctx);
      if (lines.length === 0) return { kind: 'redirect', to: reviewHref(ctx.request.referenceNumber) };
      const result = await sendDecisions(ctx, lines.map((l) => lineDecision(ctx, l, 'Information requested', { units: null, reasonCode: null, reasonText: value.informationNeeded })));
      await ctx.audit('line-decided', { referenceNumber: ctx.request.referenceNumber, detail: result === 'recorded' ? 'information requested' : 'not recorded: decided by another reviewer' });
      if (result === 'changed') return errorsOutcome([{ field: 'informationNeeded', message: CHANGED_MESSAGE }]);
      return { kind: 'finished', to: `${reviewHref(ctx.request.referenceNumber)}?sent=information` };
    },
  },
};
