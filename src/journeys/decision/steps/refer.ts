import Joi from 'joi';
import { JourneyChangedError, markJourneySubmitted } from '../../../db/repositories/journeys';
import { referToPhysician } from '../../../db/repositories/reviewQueue';
import { optionalText, validate } from '../../../validation';
import { errorsOutcome } from '../../engine/step';
import { reviewHref, type DecisionStep } from '../step';

const schema = Joi.object({ referralNote: optionalText('note for the physician', 1000) });

/** "Refer to physician": a clinical reviewer hands the request to the physician reviewers (only they deny or reduce). */
export const referStep: DecisionStep = {
  slug: 'refer',
  title: 'Refer to physician',
  view: 'plan/refer',
  isComplete: () => false,
  storedValues: () => ({}),
  async guard(ctx) {
    return ctx.user.role === 'clinical_reviewer' ? undefined : `/plan/decisions/${ctx.record.id}/lines`;
  },
  async viewModel(ctx) {
    return { decideHref: `/plan/decisions/${ctx.record.id}/lines`, reference: ctx.request.referenceNumber };
  },
  actions: {
    async continue(ctx, body) {
      const { value, errors } = validate<{ referralNote?: string }>(schema, body);
      if (errors.length > 0) return errorsOutcome(errors);
      let referred: boolean;
      try {
        referred = await referToPhysician(ctx.db, { requestId: ctx.request.id, userId: ctx.user.id, note: value.referralNote ?? '', at: ctx.now.toISOString() }, (trx) =>
          markJourneySubmitted(trx, ctx.record.id, ctx.record.version, ctx.request.referenceNumber, ctx.now),
        );
      } catch (err) {
        if (err instanceof JourneyChangedError) return { kind: 'conflict' };
        throw err;
      }
      if (!referred) return errorsOutcome([{ field: 'referralNote', message: 'The request is no longer assigned to you, so it was not referred' }]);
      return { kind: 'finished', to: `${reviewHref(ctx.request.referenceNumber)}?sent=referral` };
    },
  },
};
